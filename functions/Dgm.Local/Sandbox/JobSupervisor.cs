using System.Diagnostics;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Local.Sandbox;

/// <summary>How a job ended, before its outputs are collected.</summary>
internal sealed record SupervisedExit(int? ExitCode, LimitHit LimitsHit, SandboxUsage Usage, string Output, bool OutputTruncated, string? Error);

/// <summary>
/// Watches one running job: reads its output into the clipper, kills the whole job at the wall deadline, and
/// samples its usage every interval to stop it at the memory, process, CPU and disk limits. A limit that the kernel
/// enforced by itself (an OOM kill, a refused fork, a full tmpfs) is found in the final sample and reported too.
/// </summary>
internal sealed class JobSupervisor : IJobSupervisor
{
    private readonly Process _process;
    private readonly IJobMeter _meter;
    private readonly DiskLimit _disk;
    private readonly SandboxLimits _limits;
    private readonly string _statusFile;
    private readonly TimeSpan _interval;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly OutputClip _output;
    private readonly Lock _gate = new();
    private LimitHit _hit;
    private bool _killed;
    private bool _finished;

    private JobSupervisor(Process process, IJobMeter meter, DiskLimit disk, SandboxLimits limits, string statusFile, TimeSpan interval)
    {
        _process = process;
        _meter = meter;
        _disk = disk;
        _limits = limits;
        _statusFile = statusFile;
        _interval = interval;
        _output = new OutputClip(limits.OutputBytes);
        Completion = Task.Run(SuperviseAsync);
    }

    public Task<SupervisedExit> Completion { get; }

    public static JobSupervisor Start(Process process, IJobMeter meter, DiskLimit disk, SandboxLimits limits, string statusFile, TimeSpan interval) =>
        new(process, meter, disk, limits, statusFile, interval);

    /// <inheritdoc/>
    public void Stop() => Kill(LimitHit.None);

    private async Task<SupervisedExit> SuperviseAsync()
    {
        var pump = PumpOutputAsync();
        var exited = _process.WaitForExitAsync();
        var deadline = _startedAt + (long)(_limits.WallSeconds * (double)Stopwatch.Frequency);
        while (!exited.IsCompleted)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                Kill(LimitHit.WallTime);
                break;
            }

            await Task.WhenAny(exited, Task.Delay(left < _interval ? left : _interval));
            if (!exited.IsCompleted && Sample() is { } sample && LimitCheck.Exceeded(sample, _limits, _disk, finalCheck: false) is var exceeded and not LimitHit.None)
            {
                Kill(exceeded);
            }
        }

        await exited;
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var last = Sample();
        Kill(last is null ? LimitHit.None : LimitCheck.Exceeded(last, _limits, _disk, finalCheck: true));
        // The namespace is gone, so every writer of the pipe is; the timeout guards against the impossible.
        await pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);

        var started = new FileInfo(_statusFile) is { Exists: true, Length: > 0 };
        var output = _output.Text();
        LimitHit hit;
        bool killed;
        int exitCode;
        lock (_gate)
        {
            (hit, killed, exitCode) = (_hit, _killed, _process.ExitCode);
            _finished = true;
            _process.Dispose();
        }

        return new SupervisedExit(
            ExitCode: killed ? null : exitCode,
            LimitsHit: hit,
            Usage: new SandboxUsage(wall, last?.CpuSeconds ?? 0, last?.PeakMemoryBytes ?? 0),
            Output: output,
            OutputTruncated: _output.Truncated,
            Error: started ? null : $"The sandbox could not start the command (exit code {exitCode}): {output.Trim()}");
    }

    private void Kill(LimitHit reason)
    {
        lock (_gate)
        {
            if (_finished || (reason == LimitHit.None && _killed))
            {
                return;
            }

            _hit |= reason;
            // Only a kill we order makes the exit code meaningless; the final check after a normal exit kills stragglers only.
            _killed |= reason != LimitHit.None || !_process.HasExited;
            _meter.KillAll();
            // The isolation process: its death takes the pid namespace with it (a no-op once it exited).
            _process.Kill();
        }
    }

    private ResourceSample? Sample()
    {
        try
        {
            return _meter.Sample();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The cgroup may be going away under a concurrent delete; the next sample decides.
            return null;
        }
    }

    private async Task PumpOutputAsync()
    {
        var buffer = new byte[64 * 1024];
        var stream = _process.StandardOutput.BaseStream;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            _output.Append(buffer.AsSpan(0, read));
        }
    }
}
