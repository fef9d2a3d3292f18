using System.Diagnostics;
using System.Text.Json.Nodes;
using DgmAgent.Model;
using DgmAgent.Tools;

namespace DgmAgent.SelfTest;

// Calls the tools directly, through the same registry a run uses, for the behaviour a scripted
// conversation would not reach: error paths, clipping, timeouts.
internal static class ToolChecks
{
    public static async Task RunAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        var ws = run.Workspace;
        var tools = ToolRegistry.CreateDefault(ws);

        File.WriteAllText(Path.Combine(ws, "exists.txt"), "original");
        var createExisting = await Call(tools, "editor", Editor("create", "exists.txt", "replacement"));
        checks.Check(
            "editor.create-existing",
            createExisting.StartsWith("Error:") && File.ReadAllText(Path.Combine(ws, "exists.txt")) == "original",
            $"creating over an existing file returned '{createExisting}'");

        var editMissing = await Call(tools, "editor", Editor("edit", "missing.txt", "text"));
        checks.Check(
            "editor.edit-missing",
            editMissing.StartsWith("Error:") && !File.Exists(Path.Combine(ws, "missing.txt")),
            $"editing a missing file returned '{editMissing}'");

        File.WriteAllText(Path.Combine(ws, "long.txt"), string.Concat(Enumerable.Repeat("0123456789012345678901234567890123456789\n", 3000)));
        var longView = await Call(tools, "editor", Editor("view", "long.txt"));
        checks.Check(
            "editor.view-clip",
            longView.Length < 3000 * 40 && longView.StartsWith("     1\t") && longView.TrimEnd().EndsWith("0123456789012345678901234567890123456789"),
            $"viewing a 3000-line file returned {longView.Length} characters ending '{Tail(longView)}'");

        var unknownCommand = await Call(tools, "editor", Editor("delete", "exists.txt"));
        checks.Check(
            "editor.unknown-command",
            unknownCommand.StartsWith("Error: unknown editor command 'delete'") && File.Exists(Path.Combine(ws, "exists.txt")),
            $"editor command 'delete' returned '{unknownCommand}'");

        var unknownTool = await tools.RunAsync(new ToolCall("c1", "python", "{}"));
        checks.Check(
            "tools.unknown-tool",
            unknownTool.StartsWith("Error: unknown tool 'python'") && unknownTool.Contains("bash, editor"),
            $"calling tool 'python' returned '{unknownTool}'");

        var badJson = await tools.RunAsync(new ToolCall("c2", "editor", "{not json"));
        var missingPath = await Call(tools, "editor", new JsonObject { ["command"] = "view" });
        checks.Check(
            "tools.bad-arguments",
            badJson.StartsWith("Error: the arguments are not valid JSON") && missingPath == "Error: missing required parameter 'path'",
            $"malformed arguments returned '{badJson}', a missing path returned '{missingPath}'");

        var exit = await Call(tools, "bash", Bash("echo to-stdout; echo to-stderr >&2; exit 3"));
        checks.Check(
            "bash.exit-code",
            exit.Contains("to-stdout") && exit.Contains("to-stderr") && exit.EndsWith("[exit code: 3]"),
            $"a command printing to both streams and exiting 3 returned '{exit}'");

        var pwd = await Call(tools, "bash", Bash("pwd; read line; echo read-status=$?"));
        checks.Check(
            "bash.working-directory",
            pwd.StartsWith(ws + "\n") && pwd.Contains("read-status=1"),
            $"pwd with an empty standard input returned '{pwd}', expected the workspace {ws} and read-status=1");

        var flood = await Call(tools, "bash", Bash("echo first-line; head -c 25000 /dev/zero | tr '\\0' x; echo; echo last-line"));
        checks.Check(
            "bash.clip",
            flood.StartsWith("first-line") && flood.Contains("last-line") && flood.Length < 25000,
            $"25000 characters of output came back as {flood.Length} characters ending '{Tail(flood)}'");

        // A short timeout of its own: the real one (120 s) is too long to wait for. `sleep` runs as a child of
        // bash, so the call only returns quickly if the whole process tree was killed (it holds the output pipe).
        var quick = new BashTool(ws, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        var slow = await quick.RunAsync(Bash("echo started; sleep 30; echo never"));
        checks.Check(
            "bash.timeout",
            clock.Elapsed < TimeSpan.FromSeconds(4) && slow.Contains("started") && slow.Contains("[timed out after 1 s") && !slow.Contains("never"),
            $"a 30 s command under a 1 s timeout took {clock.Elapsed.TotalSeconds:0.0} s and returned '{slow}'");
    }

    public static JsonObject Editor(string command, string path, string? fileText = null)
    {
        var arguments = new JsonObject { ["command"] = command, ["path"] = path };
        if (fileText is not null)
        {
            arguments["file_text"] = fileText;
        }

        return arguments;
    }

    public static JsonObject Bash(string command) => new() { ["command"] = command };

    private static Task<string> Call(ToolRegistry tools, string name, JsonObject arguments) =>
        tools.RunAsync(new ToolCall($"call_{name}", name, arguments.ToJsonString()));

    private static string Tail(string text) => text.Length <= 120 ? text : text[^120..];
}
