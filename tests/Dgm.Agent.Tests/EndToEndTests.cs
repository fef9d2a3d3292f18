using Dgm.Testing;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Dgm.Agent.Tests;

// The built agent run exactly as the harness runs it (command line, DGM_* environment, exit codes),
// against a scripted model server that plays a competent model.
[Collection(SharedAgentBuild.Name)]
public sealed class EndToEndTests(BuiltAgentFixture fixture) : IDisposable
{
    private const string Token = "e2e-token";
    private const string ModelName = "e2e-model";

    private const string BuggySum =
        """
        #!/usr/bin/env bash
        # Prints the sum of the whole numbers from 1 to N.
        n=$1
        total=0
        for ((i = 1; i < n; i++)); do
          total=$((total + i))
        done
        echo "$total"

        """;

    private const string FixedSum =
        """
        #!/usr/bin/env bash
        # Prints the sum of the whole numbers from 1 to N.
        n=$1
        total=0
        for ((i = 1; i <= n; i++)); do
          total=$((total + i))
        done
        echo "$total"

        """;

    private const string SumTest =
        """
        #!/usr/bin/env bash
        result=$(bash sum.sh 4)
        if [ "$result" = 10 ]; then echo "test passed"; else echo "test failed: sum.sh 4 printed $result, expected 10"; exit 1; fi

        """;

    private const string Problem = "sum.sh 4 prints 6 but the sum of 1..4 is 10. Fix sum.sh.";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dgm-agent-e2e-{Guid.NewGuid():N}");

    private string Workspace => Path.Combine(_root, "workspace");

    // Deliberately in a folder that does not exist yet: the agent creates it.
    private string TranscriptFile => Path.Combine(_root, "logs", "transcript.md");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Agent_fixes_an_off_by_one_by_viewing_overwriting_and_testing()
    {
        PrepareWorkspace();
        var before = await RunTestScriptAsync();
        Assert.Equal(1, before.ExitCode);

        ScriptedReply[] script =
        [
            ChatReplies.ToolCall("call_view", "editor", new JsonObject { ["command"] = "view", ["path"] = "sum.sh" }),
            ChatReplies.ToolCall("call_edit", "editor", new JsonObject { ["command"] = "edit", ["path"] = "sum.sh", ["file_text"] = FixedSum }),
            ChatReplies.ToolCall("call_test", "bash", new JsonObject { ["command"] = "bash test.sh" }),
            ChatReplies.Answer("Fixed the loop bound in sum.sh."),
        ];
        await using var server = await ScriptedChatServer.StartAsync(i => i < script.Length ? script[i] : ChatReplies.Error(400));

        var run = await RunAgentAsync(server.Url, "--max-tokens", "777");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(FixedSum, await File.ReadAllTextAsync(Path.Combine(Workspace, "sum.sh")));
        var after = await RunTestScriptAsync();
        Assert.Equal(0, after.ExitCode);
        Assert.Contains("test passed", after.Output, StringComparison.Ordinal);

        var requests = server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal(("POST", "/v1/chat/completions"), (r.Method, r.Path));
            Assert.Equal($"Bearer {Token}", r.Authorization);
            Assert.Equal(ModelName, (string?)r.Json["model"]);
            Assert.Equal(777, (int?)r.Json["max_tokens"]);
        });

        var first = requests[0];
        Assert.Equal(["bash", "editor"], first.Json["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]).Order());
        Assert.Equal(["system", "user"], first.Messages.Select(m => (string?)m!["role"]));
        Assert.Contains(Problem, (string?)first.Messages[1]!["content"], StringComparison.Ordinal);

        // Each tool result goes back in the next request under the id of the call it answers.
        Assert.Contains("     5\tfor ((i = 1; i < n; i++)); do", requests[1].ToolResult("call_view"), StringComparison.Ordinal);
        Assert.NotNull(requests[2].ToolResult("call_edit"));
        Assert.Contains("test passed", requests[3].ToolResult("call_test"), StringComparison.Ordinal);
        Assert.Equal(
            ["call_view", "call_edit", "call_test"],
            requests[3].Messages.Where(m => (string?)m!["role"] == "assistant").Select(m => (string?)m!["tool_calls"]![0]!["id"]));

        var transcript = await File.ReadAllTextAsync(TranscriptFile);
        foreach (var expected in new[] { Problem, "`call_view`", "`call_edit`", "`call_test`", "bash test.sh", "test passed", "Fixed the loop bound", "prompt_tokens=321", "## Run ended" })
        {
            Assert.Contains(expected, transcript, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Agent_reaches_the_model_over_a_unix_socket()
    {
        PrepareWorkspace();
        var socket = Path.Combine(_root, "model.sock");
        ScriptedReply[] script =
        [
            ChatReplies.ToolCall("call_proof", "bash", new JsonObject { ["command"] = "echo over-unix > proof.txt" }),
            ChatReplies.Answer("done"),
        ];
        await using var server = await ScriptedChatServer.StartAsync(i => i < script.Length ? script[i] : ChatReplies.Error(400), socket);

        var run = await RunAgentAsync(server.Url);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal("over-unix\n", await File.ReadAllTextAsync(Path.Combine(Workspace, "proof.txt")));
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization));
        Assert.NotNull(server.Requests[1].ToolResult("call_proof"));
    }

    [Fact]
    public async Task Agent_retries_a_failing_model_with_backoff_then_exits_2()
    {
        PrepareWorkspace();
        await using var server = await ScriptedChatServer.StartAsync(_ => ChatReplies.Error(500));

        var clock = Stopwatch.StartNew();
        var run = await RunAgentAsync(server.Url);
        clock.Stop();

        Assert.True(run.ExitCode == 2, run.Output);
        Assert.Equal(4, server.Requests.Count);
        // Backoff of 1 s, 2 s and 4 s between the four attempts.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(6.5), TimeSpan.FromSeconds(60));
        var transcript = await File.ReadAllTextAsync(TranscriptFile);
        Assert.Contains("## Run ended", transcript, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", transcript, StringComparison.Ordinal);
        Assert.Contains("gave up after 4 attempts", transcript, StringComparison.Ordinal);
        Assert.Contains("exit code: 2", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_64_naming_the_culprit()
    {
        PrepareWorkspace();
        var environment = ModelEnvironment("http://127.0.0.1:9");

        var missingWorkspace = await fixture.Agent.RunAsync(
            ["--workspace", Path.Combine(_root, "nowhere"), "--problem", ProblemFile(), "--test-hint", "x", "--transcript", TranscriptFile],
            _root,
            environment);
        var badTurns = await fixture.Agent.RunAsync(
            ["--workspace", Workspace, "--problem", ProblemFile(), "--test-hint", "x", "--transcript", TranscriptFile, "--max-turns", "-3"],
            _root,
            environment);
        var noUrl = await fixture.Agent.RunAsync(
            ["--workspace", Workspace, "--problem", ProblemFile(), "--test-hint", "x", "--transcript", TranscriptFile],
            _root,
            new Dictionary<string, string> { ["DGM_MODEL_NAME"] = ModelName });

        Assert.Equal(64, missingWorkspace.ExitCode);
        Assert.Contains("--workspace", missingWorkspace.Output, StringComparison.Ordinal);
        Assert.Equal(64, badTurns.ExitCode);
        Assert.Contains("--max-turns", badTurns.Output, StringComparison.Ordinal);
        Assert.Equal(64, noUrl.ExitCode);
        Assert.Contains("DGM_MODEL_URL", noUrl.Output, StringComparison.Ordinal);
        Assert.Contains("usage:", noUrl.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(TranscriptFile));
    }

    private void PrepareWorkspace()
    {
        Directory.CreateDirectory(Workspace);
        File.WriteAllText(Path.Combine(Workspace, "sum.sh"), BuggySum);
        File.WriteAllText(Path.Combine(Workspace, "test.sh"), SumTest);
        File.WriteAllText(ProblemFile(), Problem);
    }

    private string ProblemFile() => Path.Combine(_root, "problem.md");

    private Task<ProcessResult> RunTestScriptAsync() =>
        ProcessRunner.RunAsync("bash", ["test.sh"], Workspace, TimeSpan.FromSeconds(30));

    private Task<ProcessResult> RunAgentAsync(string modelUrl, params string[] extra) => fixture.Agent.RunAsync(
        ["--workspace", Workspace, "--problem", ProblemFile(), "--test-hint", "bash test.sh", "--transcript", TranscriptFile, "--max-turns", "10", .. extra],
        _root,
        ModelEnvironment(modelUrl));

    private static Dictionary<string, string> ModelEnvironment(string modelUrl) => new()
    {
        ["DGM_MODEL_URL"] = modelUrl,
        ["DGM_MODEL_TOKEN"] = Token,
        ["DGM_MODEL_NAME"] = ModelName,
    };
}
