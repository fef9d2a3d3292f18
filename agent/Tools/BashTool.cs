using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace DgmAgent.Tools;

// Runs one command in a fresh `bash -c` in the workspace. Nothing carries over between calls
// (cd, variables, background jobs are the model's own business), which keeps every call predictable.
internal sealed class BashTool(string workspace, TimeSpan timeout) : ITool
{
    // After bash exits (or is killed), how long to wait for its output pipes to close. A background job
    // that outlives bash keeps them open; without this bound the call would hang until that job ends.
    private static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(5);

    public string Name => "bash";

    public string Description =>
        $"""
        Run a command with bash in the repository directory. Every call starts a fresh shell: the working
        directory, variables and other state do not carry over. Standard output and error are combined, and
        output beyond {OutputClip.Limit} characters is clipped in the middle (the start and the end are kept). The command is killed, with every process it started,
        after {timeout.TotalSeconds:0} seconds. Standard input is empty, so do not run interactive programs.
        """;

    public string ParametersSchema =>
        """
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "The bash command to run." }
          },
          "required": ["command"]
        }
        """;

    public async Task<string> RunAsync(JsonObject arguments)
    {
        var command = ToolArguments.Required(arguments, "command");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);

        using var process = Process.Start(start) ?? throw new ToolException("bash could not be started");
        // A command that reads standard input gets end-of-file at once instead of waiting for the timeout.
        process.StandardInput.Close();

        var output = new CapturedOutput();
        var pumps = Task.WhenAll(output.PumpAsync(process.StandardOutput), output.PumpAsync(process.StandardError));

        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        var drained = await Task.WhenAny(pumps, Task.Delay(PipeGrace)) == pumps;
        var result = new StringBuilder(output.Text());
        if (result.Length == 0)
        {
            result.Append("(no output)");
        }

        if (!drained)
        {
            AppendNote(result, "[a background process kept the output open; later output is not shown]");
        }

        AppendNote(result, timedOut
            ? $"[timed out after {timeout.TotalSeconds:0} s: the command and its child processes were killed]"
            : $"[exit code: {process.ExitCode}]");
        return result.ToString();
    }

    // Notes go on a line of their own, whether or not the output ended with a newline.
    private static void AppendNote(StringBuilder result, string note) =>
        result.Append(result[^1] == '\n' ? "" : "\n").Append(note);

    // Collects stdout and stderr into one text as they arrive, keeping only what can be shown.
    private sealed class CapturedOutput
    {
        private readonly Lock _gate = new();
        private readonly ClippedOutput _kept = new();

        public async Task PumpAsync(StreamReader reader)
        {
            var buffer = new char[4096];
            try
            {
                int read;
                while ((read = await reader.ReadAsync(buffer)) > 0)
                {
                    lock (_gate)
                    {
                        _kept.Append(buffer, read);
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                // The call already returned (a background job held the pipe past the grace period) and the
                // process object, with its streams, was disposed. Nothing is waiting for this output any more.
            }
        }

        public string Text()
        {
            lock (_gate)
            {
                return _kept.ToString();
            }
        }
    }
}
