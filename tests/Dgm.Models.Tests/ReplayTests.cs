using System.Text;
using Dgm.Core.Models;
using Dgm.Models.Replay;
using Microsoft.Extensions.AI;

namespace Dgm.Models.Tests;

public class ReplayTests
{
    private const string CassetteJson = """
        {
          "description": "test",
          "entries": [
            { "purpose": "solve", "scope": "*/py-*", "turn": 1,
              "response": { "toolCalls": [ { "id": "c1", "name": "editor", "arguments": { "command": "view", "path": "a.py" } } ], "usage": { "input": 900, "output": 30 } } },
            { "purpose": "solve", "scope": "seed/py-one", "turn": 2, "response": { "text": "seed is done" } },
            { "purpose": "solve", "scope": "*", "turn": 2, "response": { "text": "done" } },
            { "purpose": "diagnose", "scope": "i1-c0|c1", "turn": 1, "response": { "text": "{}" } }
          ]
        }
        """;

    private static readonly Cassette Tape = Cassette.Parse(Encoding.UTF8.GetBytes(CassetteJson), "test.json");

    private static ChatOptions Scope(string purpose, string node, string? task) =>
        new ModelCallScope { RunId = "r", NodeId = node, TaskId = task, Purpose = purpose, JobId = "j", TokenBudget = 1000 }.ApplyTo(null);

    [Fact]
    public async Task Entries_match_by_purpose_scope_glob_and_turn()
    {
        var client = new ReplayChatClient(Tape);
        List<ChatMessage> conversation = [new(ChatRole.User, "fix it")];

        var first = await client.GetResponseAsync(conversation, Scope("solve", "i2-c1", "py-one"));
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(first.Messages[0].Contents));
        Assert.Equal("editor", call.Name);
        Assert.Equal("view", call.Arguments!["command"]!.ToString());
        Assert.Equal(900, first.Usage!.InputTokenCount);
        Assert.Equal(30, first.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal(ReplayChatClient.Label, first.ModelId);

        conversation.AddRange(first.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "1 | x")]));
        Assert.Equal("done", (await client.GetResponseAsync(conversation, Scope("solve", "i2-c1", "py-one"))).Text);
        Assert.Equal("seed is done", (await client.GetResponseAsync(conversation, Scope("solve", "seed", "py-one"))).Text);
    }

    [Theory]
    [InlineData("i1-c0")]
    [InlineData("c1")]
    public async Task A_scope_with_alternatives_matches_each_of_them_whole(string node)
    {
        var client = new ReplayChatClient(Tape);

        var response = await client.GetResponseAsync([new(ChatRole.User, "why")], Scope("diagnose", node, task: null));

        Assert.Equal("{}", response.Text);
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync([new(ChatRole.User, "why")], Scope("diagnose", "c11", task: null)));
    }

    [Fact]
    public async Task An_unmatched_call_is_an_error_naming_the_cassette_and_the_call()
    {
        var client = new ReplayChatClient(Tape);
        var ex = await Assert.ThrowsAsync<ModelUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "x")], Scope("solve", "seed", "rs-one")));
        Assert.Contains("test.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("purpose=solve scope=seed/rs-one turn=1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no AI", ex.Message, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ModelUnavailableException>(() => client.GetResponseAsync([new(ChatRole.User, "x")]));
    }

    [Fact]
    public void The_client_says_it_is_scripted_with_no_ai()
    {
        var metadata = new ReplayChatClient(Tape).GetService<ChatClientMetadata>();
        Assert.Equal("replay model: scripted, no AI", metadata!.ProviderName);
    }

    [Theory]
    [InlineData("""{"entries":[{"purpose":"solve","turn":0,"response":{"text":"x"}}]}""", "entries[0] turn must be at least 1, got 0")]
    [InlineData("""{"entries":[{"purpose":"solve","turn":1,"response":{}}]}""", "entries[0] response needs text or toolCalls")]
    [InlineData("""{"entries":[{"purpose":"solve","turn":1}]}""", "bad.json:")]
    public void Malformed_cassettes_are_refused_with_the_entry_named(string json, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Cassette.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_cassette_file_is_named()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Cassette.Load("/nonexistent/tape.json"));
        Assert.Contains("/nonexistent/tape.json", ex.Message, StringComparison.Ordinal);
    }
}
