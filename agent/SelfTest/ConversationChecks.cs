using System.Text.Json.Nodes;
using DgmAgent.Model;

namespace DgmAgent.SelfTest;

// One full run against the scripted server: a 503 (retried after Retry-After), then editor create,
// editor view (file and directory), editor edit, bash, and a final answer. The checks look at what the
// tools did on disk, at what the agent sent over the wire, and at the transcript.
internal static class ConversationChecks
{
    private const string Created = "line one\nline two\n";
    private const string Fixed = "line one\nline two fixed\n";

    public static async Task RunAsync(CheckList checks)
    {
        using var run = new SelfTestRun();
        var ws = run.Workspace;
        Directory.CreateDirectory(Path.Combine(ws, ".hidden"));
        File.WriteAllText(Path.Combine(ws, ".hidden", "secret.txt"), "hidden");
        Directory.CreateDirectory(Path.Combine(ws, "sub", "deeper", "deepest"));
        File.WriteAllText(Path.Combine(ws, "sub", "inner.txt"), "inner");
        File.WriteAllText(Path.Combine(ws, "sub", "deeper", "deepest", "too-deep.txt"), "deep");

        await using var server = ScriptedModelServer.StartTcp(
        [
            ScriptedReplies.Error(503, retryAfter: "1"),
            ScriptedReplies.ToolCalls(("call_create", "editor", ToolChecks.Editor("create", "notes.txt", Created))),
            ScriptedReplies.ToolCalls(
                ("call_view_file", "editor", ToolChecks.Editor("view", "notes.txt")),
                ("call_view_dir", "editor", ToolChecks.Editor("view", ws))),
            ScriptedReplies.ToolCalls(("call_edit", "editor", ToolChecks.Editor("edit", "notes.txt", Fixed))),
            ScriptedReplies.ToolCalls(("call_bash", "bash", ToolChecks.Bash("grep -qx 'line two fixed' notes.txt && echo CONTENT-OK"))),
            ScriptedReplies.Answer("notes.txt is fixed."),
        ]);

        var outcome = await run.RunAsync(server.Url);
        var requests = server.Requests;

        checks.Check(
            "loop.final-answer",
            outcome.ExitCode == 0 && outcome.Reason == "the model answered without tool calls" && requests.Count == 6,
            $"exit code {outcome.ExitCode}, reason '{outcome.Reason}', {requests.Count} requests (expected 6)");

        var create = ToolResult(requests, "call_create");
        var viewFile = ToolResult(requests, "call_view_file");
        checks.Check(
            "editor.create",
            viewFile.Contains("     2\tline two\n"),
            $"create returned '{create}'; the file viewed afterwards was '{viewFile}'");

        checks.Check(
            "editor.view",
            viewFile.StartsWith("     1\tline one\n     2\tline two\n"),
            $"viewing notes.txt returned '{viewFile}'");

        var viewDir = ToolResult(requests, "call_view_dir");
        checks.Check(
            "editor.view-directory",
            viewDir.Contains("\nnotes.txt\n") && viewDir.Contains("\nsub/\n") && viewDir.Contains("\nsub/inner.txt\n")
                && viewDir.Contains("\nsub/deeper/\n") && !viewDir.Contains(".hidden") && !viewDir.Contains("deepest"),
            $"listing the workspace returned '{viewDir}'");

        var edit = ToolResult(requests, "call_edit");
        var onDisk = File.Exists(Path.Combine(ws, "notes.txt")) ? File.ReadAllText(Path.Combine(ws, "notes.txt")) : "(missing)";
        checks.Check(
            "editor.edit",
            onDisk == Fixed,
            $"edit returned '{edit}'; notes.txt now holds '{onDisk}'");

        var bash = ToolResult(requests, "call_bash");
        checks.Check(
            "bash.run",
            bash.Contains("CONTENT-OK") && bash.EndsWith("[exit code: 0]"),
            $"the content check returned '{bash}'");

        var shapeProblem = RequestShapeProblem(requests, ws);
        checks.Check("protocol.request-shape", shapeProblem is null, shapeProblem ?? "");

        checks.Check(
            "protocol.bearer",
            requests.Count > 0 && requests.All(r => r.Header("Authorization") == $"Bearer {SelfTestRun.Token}"),
            $"Authorization headers: {string.Join(", ", requests.Select(r => r.Header("Authorization") ?? "(none)"))}");

        const string expectedConversation =
            "system user A:call_create T:call_create A:call_view_file,call_view_dir T:call_view_file T:call_view_dir "
            + "A:call_edit T:call_edit A:call_bash T:call_bash";
        var conversation = requests.Count > 0 ? ConversationShape(requests[^1]) : "(no request)";
        checks.Check(
            "protocol.tool-results",
            conversation == expectedConversation,
            $"the last request carried '{conversation}', expected '{expectedConversation}'");

        checks.Check(
            "protocol.retry-5xx",
            requests.Count >= 2 && requests[0].Body == requests[1].Body && outcome.ExitCode == 0,
            $"after a 503 the agent sent {requests.Count} requests and exited {outcome.ExitCode}; the retry must repeat the request");

        // The self-test's own backoff is 10 ms, so only the server's Retry-After: 1 explains a one-second pause.
        var pause = requests.Count >= 2 ? requests[1].ReceivedAt - requests[0].ReceivedAt : TimeSpan.Zero;
        checks.Check(
            "protocol.retry-after",
            pause >= TimeSpan.FromSeconds(0.9),
            $"the retry came {pause.TotalSeconds:0.000} s after a 503 with Retry-After: 1");

        var transcript = run.Transcript;
        string[] expected =
        [
            "# DgmAgent transcript", "## System", "## User", SelfTestRun.Problem, "## Turn 1", "attempt 1 failed: HTTP 503",
            "### Tool call `editor` (id `call_create`)", "\"file_text\"", "### Tool result `bash` (id `call_bash`", "CONTENT-OK",
            "prompt_tokens=100 completion_tokens=10 total_tokens=110", "notes.txt is fixed.", "## Run ended",
            "reason: the model answered without tool calls", "exit code: 0", "total usage: prompt_tokens=500",
        ];
        var missing = expected.Where(e => !transcript.Contains(e)).ToList();
        checks.Check("transcript.written", missing.Count == 0, $"the transcript lacks: {string.Join(" | ", missing)}");
    }

    // The content of the tool message answering callId, from the first request that carried it.
    private static string ToolResult(IReadOnlyList<RecordedRequest> requests, string callId)
    {
        foreach (var request in requests)
        {
            var message = request.Json["messages"]!.AsArray()
                .FirstOrDefault(m => (string?)m!["role"] == "tool" && (string?)m["tool_call_id"] == callId);
            if (message is not null)
            {
                return (string?)message["content"] ?? "";
            }
        }

        return $"(no tool result with tool_call_id {callId} was sent)";
    }

    // The conversation as roles and ids: "A:id1,id2" for an assistant turn calling tools, "T:id" for a result.
    private static string ConversationShape(RecordedRequest request) => string.Join(' ', request.Json["messages"]!.AsArray().Select(m =>
        (string?)m!["role"] switch
        {
            "assistant" => "A:" + string.Join(',', (m["tool_calls"] as JsonArray ?? []).Select(c => (string?)c!["id"])),
            "tool" => $"T:{(string?)m["tool_call_id"]}",
            var role => role ?? "(no role)",
        }));

    // Null when the first request looks as the protocol requires; otherwise what is wrong with it.
    private static string? RequestShapeProblem(IReadOnlyList<RecordedRequest> requests, string workspace)
    {
        if (requests.Count == 0)
        {
            return "no request was received";
        }

        var first = requests[0];
        var json = first.Json;
        var messages = json["messages"] as JsonArray ?? [];
        var tools = json["tools"] as JsonArray ?? [];
        var toolNames = tools.Select(t => (string?)t!["function"]?["name"]).Order().ToList();
        var userText = (string?)messages.ElementAtOrDefault(1)?["content"] ?? "";
        if ((first.Method, first.Path) != ("POST", "/v1/chat/completions"))
        {
            return $"the request went to {first.Method} {first.Path}";
        }

        if (first.Header("Content-Type")?.StartsWith("application/json") != true)
        {
            return $"Content-Type was {first.Header("Content-Type")}";
        }

        if ((string?)json["model"] != SelfTestRun.ModelName || (int?)json["max_tokens"] != SelfTestRun.MaxTokens)
        {
            return $"model was {json["model"]} and max_tokens {json["max_tokens"]}";
        }

        if (messages.Count != 2 || (string?)messages[0]!["role"] != "system" || (string?)messages[1]!["role"] != "user")
        {
            return $"the first request should hold a system and a user message: {messages.ToJsonString()}";
        }

        if (!userText.Contains(SelfTestRun.Problem) || !userText.Contains(SelfTestRun.TestHint) || !userText.Contains(workspace))
        {
            return $"the user message lacks the problem, the test hint or the workspace: {userText}";
        }

        // A child may add tools; the self-test only needs the two it drives to be offered.
        if (!toolNames.Contains("bash") || !toolNames.Contains("editor"))
        {
            return $"the advertised tools were [{string.Join(", ", toolNames)}], expected them to include bash and editor";
        }

        var malformed = tools.Any(t => (string?)t!["type"] != "function"
            || (string?)t["function"]?["parameters"]?["type"] != "object"
            || string.IsNullOrWhiteSpace((string?)t["function"]?["description"]));
        return malformed ? $"a tool definition is malformed: {tools.ToJsonString()}" : null;
    }
}
