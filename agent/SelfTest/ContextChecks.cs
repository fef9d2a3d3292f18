using System.Text.Json.Nodes;
using DgmAgent.Run;

namespace DgmAgent.SelfTest;

// A conversation that outgrows the context window: the agent drops its oldest tool output and asks again,
// and gives up only when no tool output is left to drop.
internal static class ContextChecks
{
    private static readonly ScriptedResponse TooLong = new(400, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["message"] = "the conversation exceeds the context window of 'selftest-model'",
            ["type"] = "invalid_request_error",
            ["code"] = "context_length_exceeded",
        },
    }.ToJsonString());

    public static async Task RunAsync(CheckList checks)
    {
        await RecoversAsync(checks);
        await GivesUpAsync(checks);
    }

    private static async Task RecoversAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.ToolCalls(("call_a", "bash", ToolChecks.Bash("echo out-a")), ("call_b", "bash", ToolChecks.Bash("echo out-b"))),
            ScriptedReplies.ToolCalls(("call_c", "bash", ToolChecks.Bash("echo out-c"))),
            TooLong,
            TooLong,
            ScriptedReplies.Answer("done"),
        ]);
        var outcome = await run.RunAsync(server.Url);
        var requests = server.Requests;
        var sent = requests.Select(ToolContents).ToList();
        checks.Check(
            "context.drops-oldest-half",
            outcome.ExitCode == ExitCodes.Success && requests.Count == 5
                && Matches(sent[2], "out-a", "out-b", "out-c")
                && Matches(sent[3], ToolOutputDropper.Placeholder, "out-b", "out-c")
                && Matches(sent[4], ToolOutputDropper.Placeholder, ToolOutputDropper.Placeholder, "out-c"),
            $"after two context-length refusals: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {requests.Count} requests (expected 5), "
                + $"tool results sent: {string.Join(" | ", sent.Select(s => string.Join(", ", s)))}");
    }

    private static async Task GivesUpAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.ToolCalls(("call_only", "bash", ToolChecks.Bash("echo only-output"))),
            TooLong,
            TooLong,
            ScriptedReplies.Answer("never requested"),
        ]);
        var outcome = await run.RunAsync(server.Url);
        checks.Check(
            "context.gives-up",
            outcome.ExitCode == ExitCodes.ModelFailure && outcome.Reason.Contains("no tool output left to drop") && server.Requests.Count == 3,
            $"with nothing left to drop: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {server.Requests.Count} requests (expected 3)");
    }

    private static List<string> ToolContents(RecordedRequest request) =>
        request.Json["messages"]!.AsArray()
            .Where(m => m?["role"]?.GetValue<string>() == "tool")
            .Select(m => m!["content"]?.GetValue<string>() ?? "")
            .ToList();

    // Each tool result carries its expected text: the placeholder exactly, or a command's output within the result.
    private static bool Matches(List<string> contents, params string[] expected) =>
        contents.Count == expected.Length
        && contents.Zip(expected).All(pair => pair.Second == ToolOutputDropper.Placeholder ? pair.First == pair.Second : pair.First.Contains(pair.Second));
}
