using System.Text;
using DgmAgent.Model;

namespace DgmAgent.Run;

// The markdown record of a run. Every entry is flushed as soon as it is written, so a run killed by
// the harness still leaves everything up to the moment it died.
internal sealed class Transcript : IDisposable
{
    private readonly StreamWriter _writer;

    private Transcript(StreamWriter writer) => _writer = writer;

    public static Transcript Open(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new Transcript(new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = true });
    }

    public void Header(AgentOptions options, ModelSettings settings)
    {
        _writer.Write(
            $"""
            # DgmAgent transcript

            - started: {Now()}
            - workspace: `{options.Workspace}`
            - problem file: `{options.ProblemFile}`
            - model: `{settings.ModelName}` at `{settings.Url}`
            - max turns: {options.MaxTurns?.ToString() ?? "no cap"}, max tokens per call: {options.MaxTokens}


            """);
    }

    public void Message(string role, string content) => _writer.Write($"## {role}\n\n{Fenced(content, "text")}\n");

    public void Reply(int turn, ModelReply reply)
    {
        var usage = reply.Usage is { } u
            ? $"prompt_tokens={u.PromptTokens} completion_tokens={u.CompletionTokens} total_tokens={u.TotalTokens}"
            : "not reported";
        var text = new StringBuilder()
            .Append($"## Turn {turn}\n\n")
            .Append($"- time: {Now()}\n- finish_reason: {reply.FinishReason ?? "none"}\n- usage: {usage}\n\n")
            .Append("### Assistant\n\n")
            .Append(string.IsNullOrEmpty(reply.Message.Content) ? "(no text)\n" : Fenced(reply.Message.Content, "text"))
            .Append('\n');
        foreach (var call in reply.Message.ToolCalls)
        {
            text.Append($"### Tool call `{call.Name}` (id `{call.Id}`)\n\n").Append(Fenced(call.Arguments, "json")).Append('\n');
        }

        _writer.Write(text.ToString());
    }

    public void ToolResult(ToolCall call, string result, TimeSpan elapsed) =>
        _writer.Write($"### Tool result `{call.Name}` (id `{call.Id}`, {elapsed.TotalSeconds:0.0} s)\n\n{Fenced(result, "text")}\n");

    public void Note(string text) => _writer.Write($"> {Now()} {text}\n\n");

    public void End(RunOutcome outcome)
    {
        var u = outcome.Usage;
        _writer.Write(
            $"""
            ## Run ended

            - time: {Now()}
            - reason: {outcome.Reason}
            - exit code: {outcome.ExitCode}
            - total usage: prompt_tokens={u.PromptTokens} completion_tokens={u.CompletionTokens} total_tokens={u.TotalTokens}

            """);
    }

    public void Dispose() => _writer.Dispose();

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");

    // A fence longer than any backtick run inside the text, so code containing ``` cannot break the markdown.
    private static string Fenced(string text, string language)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        var body = text.EndsWith('\n') ? text : text + "\n";
        return $"{fence}{language}\n{body}{fence}\n";
    }
}
