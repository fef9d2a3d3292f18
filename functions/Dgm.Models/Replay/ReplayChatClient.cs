using Dgm.Core.Models;
using Microsoft.Extensions.AI;

namespace Dgm.Models.Replay;

/// <summary>
/// The offline replay model: answers from a <see cref="Cassette"/>. Replay model: scripted, no AI. A call that
/// no entry matches is an error naming the cassette and the call — never a silent default.
/// </summary>
public sealed class ReplayChatClient(Cassette cassette) : IChatClient
{
    public const string Label = "replay model: scripted, no AI";

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = ModelCallScope.From(options)
            ?? throw new ModelUnavailableException($"The {Label} needs a scoped call to find its entry in {cassette.Source}.");
        var turn = messages.Count(m => m.Role == ChatRole.Assistant) + 1;
        var entry = cassette.Entries.FirstOrDefault(e => e.Matches(scope.Purpose, scope.Key, turn))
            ?? throw new ModelUnavailableException(
                $"Replay cassette {cassette.Source} has no entry for purpose={scope.Purpose} scope={scope.Key} turn={turn} ({Label}).");

        var contents = new List<AIContent>();
        if (entry.Response.Text is { } text)
        {
            contents.Add(new TextContent(text));
        }

        contents.AddRange(entry.Response.ToolCalls.Select(c => OpenAIWire.ToolCall(c.Id, c.Name, c.Arguments.GetRawText())));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = Label,
            FinishReason = entry.Response.ToolCalls.Count > 0 ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = entry.Response.Usage.Input,
                OutputTokenCount = entry.Response.Usage.Output,
                TotalTokenCount = entry.Response.Usage.Input + entry.Response.Usage.Output,
            },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The replay model answers whole responses only.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(Label, defaultModelId: Label) : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
