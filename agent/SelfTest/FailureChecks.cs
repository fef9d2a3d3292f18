using System.Net;
using System.Net.Sockets;
using DgmAgent.Run;

namespace DgmAgent.SelfTest;

// Short runs for the ways a run can end other than a final answer, and for the Unix-socket transport.
internal static class FailureChecks
{
    public static async Task RunAsync(CheckList checks)
    {
        await MaxTurnsAsync(checks);
        await CutOffReplyAsync(checks);
        await ClientErrorAsync(checks);
        await ServerErrorsAsync(checks);
        await ConnectionRefusedAsync(checks);
        await UnixSocketAsync(checks);
    }

    private static async Task MaxTurnsAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.ToolCalls(("call_turn", "bash", ToolChecks.Bash("echo turn-one"))),
            ScriptedReplies.Answer("never requested"),
        ]);
        var outcome = await run.RunAsync(server.Url, maxTurns: 1);
        checks.Check(
            "loop.max-turns",
            outcome.ExitCode == ExitCodes.Success && outcome.Reason == "max turns (1) reached" && server.Requests.Count == 1
                && run.Transcript.Contains("turn-one"),
            $"with one turn allowed: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {server.Requests.Count} requests");
    }

    private static async Task CutOffReplyAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.CutOff("I will first look at"),
            ScriptedReplies.ToolCalls(("call_after", "bash", ToolChecks.Bash("echo after-cut-off"))),
            ScriptedReplies.Answer("done"),
        ]);
        var outcome = await run.RunAsync(server.Url);
        checks.Check(
            "loop.continues-after-length",
            outcome.ExitCode == ExitCodes.Success && server.Requests.Count == 3 && run.Transcript.Contains("after-cut-off"),
            $"after a reply cut off by the output limit: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {server.Requests.Count} requests (expected 3)");
    }

    private static async Task ClientErrorAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp([ScriptedReplies.Error(400), ScriptedReplies.Answer("never requested")]);
        var outcome = await run.RunAsync(server.Url);
        checks.Check(
            "protocol.no-retry-4xx",
            outcome.ExitCode == ExitCodes.ModelFailure && outcome.Reason.Contains("HTTP 400") && server.Requests.Count == 1,
            $"after a 400: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {server.Requests.Count} requests (expected 1)");
    }

    private static async Task ServerErrorsAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.Error(500), ScriptedReplies.Error(502), ScriptedReplies.Error(429), ScriptedReplies.Error(500),
            ScriptedReplies.Answer("never requested"),
        ]);
        var outcome = await run.RunAsync(server.Url);
        var transcript = run.Transcript;
        checks.Check(
            "protocol.gives-up",
            outcome.ExitCode == ExitCodes.ModelFailure
                && server.Requests.Count == 4 && transcript.Contains("## Run ended") && transcript.Contains("exit code: 2"),
            $"after four failures: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {server.Requests.Count} requests (expected 4)");
    }

    private static async Task ConnectionRefusedAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        // A port that was free a moment ago: nothing listens there, so every connection is refused.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var outcome = await run.RunAsync($"http://127.0.0.1:{port}");
        checks.Check(
            "protocol.retry-connection",
            outcome.ExitCode == ExitCodes.ModelFailure && outcome.Reason.Contains("connection failed"),
            $"with nothing listening: exit code {outcome.ExitCode}, reason '{outcome.Reason}'");
    }

    private static async Task UnixSocketAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        await using var server = ScriptedModelServer.StartUnix(
            Path.Combine(run.Root, "model.sock"),
            [
                ScriptedReplies.ToolCalls(("call_unix", "bash", ToolChecks.Bash("echo via-unix > unix.txt"))),
                ScriptedReplies.Answer("done"),
            ]);
        var outcome = await run.RunAsync(server.Url);
        var written = Path.Combine(run.Workspace, "unix.txt");
        var requests = server.Requests;
        checks.Check(
            "transport.unix-socket",
            outcome.ExitCode == ExitCodes.Success && File.Exists(written) && File.ReadAllText(written) == "via-unix\n"
                && requests.Count == 2 && requests.All(r => r.Path == "/v1/chat/completions" && r.Header("Authorization") == $"Bearer {SelfTestRun.Token}"),
            $"over {server.Url}: exit code {outcome.ExitCode}, reason '{outcome.Reason}', {requests.Count} requests");
    }
}
