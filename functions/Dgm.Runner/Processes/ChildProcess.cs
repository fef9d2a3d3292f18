using System.ComponentModel;
using System.Diagnostics;
using Dgm.Jobs;

namespace Dgm.Runner.Processes;

/// <summary>How a child ended, and its log (stdout and stderr, head and tail kept).</summary>
internal sealed record ChildRun(CommandResult Result, byte[] Log, bool LogTruncated);

/// <summary>
/// Runs one command to its end or its time limit: empty stdin, stdout and stderr into one clipped log, and at the end
/// (whichever way it ends) every process it left behind is killed, so nothing of it outlives its turn.
/// </summary>
internal static class ChildProcess
{
    /// <summary>How much of each command's output its log keeps (head and tail).</summary>
    public const int LogBytes = 1_000_000;

    /// <param name="stdout">Where stdout goes whole (git's diffs, file lists); null puts it into the log with stderr.</param>
    /// <param name="logBytes">How much of the output the log keeps.</param>
    public static async Task<ChildRun> RunAsync(ChildCommand command, TimeSpan limit, Stream? stdout = null, int logBytes = LogBytes, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(command.Program)
        {
            WorkingDirectory = command.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in command.Environment)
        {
            info.Environment[name] = value;
        }

        var clip = new OutputClip(logBytes);
        var started = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            var message = System.Text.Encoding.UTF8.GetBytes($"dgm-runner: could not start {command.Program}: {ex.Message}\n");
            return new ChildRun(new CommandResult(), message, LogTruncated: false);
        }

        using (process)
        {
            process.StandardInput.Close();
            var pumps = Task.WhenAll(
                stdout is null ? PumpAsync(process.StandardOutput.BaseStream, clip) : process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None),
                PumpAsync(process.StandardError.BaseStream, clip));
            var timedOut = false;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(limit);
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    timedOut = !cancellationToken.IsCancellationRequested;
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None);
                }
            }

            // Whatever it left running would hold the log pipes open and use the job's time.
            Descendants.KillAll();
            await pumps.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
            var result = new CommandResult { ExitCode = timedOut ? null : process.ExitCode, TimedOut = timedOut, Seconds = Math.Round(started.Elapsed.TotalSeconds, 3) };
            lock (clip)
            {
                return new ChildRun(result, clip.ToArray(), clip.Truncated);
            }
        }
    }

    private static async Task PumpAsync(Stream stream, OutputClip clip)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            lock (clip)
            {
                clip.Append(buffer.AsSpan(0, read));
            }
        }
    }
}
