using System.Diagnostics;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// Watches one running container as <see cref="JobSupervisor"/> watches a process tree: reads its output into the
/// clipper, kills it at the wall deadline, and reads its usage from the Engine's stats every interval to stop it at the
/// memory, process, CPU and disk limits. An OOM the kernel caught is read from the container's final state.
/// </summary>
internal sealed class ContainerSupervisor : IJobSupervisor
{
    private readonly IDockerClient _docker;
    private readonly string _container;
    private readonly MultiplexedStream _stream;
    private readonly string? _pidsEvents;
    private readonly DiskLimit _disk;
    private readonly SandboxLimits _limits;
    private readonly TimeSpan _interval;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly OutputClip _output;
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LimitHit _hit;
    private bool _killed;

    private ContainerSupervisor(IDockerClient docker, string container, MultiplexedStream stream, string? pidsEvents, DiskLimit disk, SandboxLimits limits, TimeSpan interval)
    {
        _docker = docker;
        _container = container;
        _stream = stream;
        _pidsEvents = pidsEvents;
        _disk = disk;
        _limits = limits;
        _interval = interval;
        _output = new OutputClip(limits.OutputBytes);
        Completion = Task.Run(SuperviseAsync);
    }

    public Task<SupervisedExit> Completion { get; }

    /// <summary>Supervises a container that was attached to and then started; <paramref name="pidsEvents"/> is its cgroup's pids.events when found.</summary>
    public static ContainerSupervisor Start(
        IDockerClient docker, string container, MultiplexedStream stream, string? pidsEvents, DiskLimit disk, SandboxLimits limits, TimeSpan interval) =>
        new(docker, container, stream, pidsEvents, disk, limits, interval);

    /// <inheritdoc/>
    public void Stop() => _stop.TrySetResult();

    private async Task<SupervisedExit> SuperviseAsync()
    {
        var pump = PumpOutputAsync();
        var exited = _docker.Containers.WaitContainerAsync(_container, CancellationToken.None);
        var deadline = _startedAt + (long)(_limits.WallSeconds * (double)Stopwatch.Frequency);
        ResourceSample? last = null;
        while (!exited.IsCompleted)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                await KillAsync(LimitHit.WallTime);
                break;
            }

            if (_stop.Task.IsCompleted)
            {
                await KillAsync(LimitHit.None);
                break;
            }

            await Task.WhenAny(exited, _stop.Task, Task.Delay(left < _interval ? left : _interval));
            // A fork bomb can exhaust its pids and end before the Engine's stats (slow under load) ever show it.
            if (!exited.IsCompleted && ForkRefused())
            {
                await KillAsync(LimitHit.Processes);
            }
            else if (!exited.IsCompleted && await SampleAsync() is { } sample)
            {
                last = sample;
                if (LimitCheck.Exceeded(sample, _limits, _disk, finalCheck: false) is var exceeded and not LimitHit.None)
                {
                    await KillAsync(exceeded);
                }
            }
        }

        var exitCode = (await exited).StatusCode;
        var wall = Stopwatch.GetElapsedTime(_startedAt).TotalSeconds;
        var state = (await _docker.Containers.InspectContainerAsync(_container)).State;
        if (state?.OOMKilled == true)
        {
            _hit |= LimitHit.Memory;
            _killed = true;
        }

        if (ForkRefused())
        {
            _hit |= LimitHit.Processes;
            _killed = true;
        }

        if (_disk.Exceeded(force: true))
        {
            _hit |= LimitHit.Disk;
        }

        // The container is gone, so every writer of the stream is; the timeout guards against the impossible.
        await pump.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stream.Dispose();
        return new SupervisedExit(
            ExitCode: _killed ? null : (int)exitCode,
            LimitsHit: _hit,
            Usage: new SandboxUsage(wall, last?.CpuSeconds ?? 0, last?.PeakMemoryBytes ?? 0),
            Output: _output.Text(),
            OutputTruncated: _output.Truncated,
            Error: null);
    }

    private async Task KillAsync(LimitHit reason)
    {
        _hit |= reason;
        _killed = true;
        try
        {
            await _docker.Containers.KillContainerAsync(_container, new ContainerKillParameters { Signal = "KILL" });
        }
        catch (DockerApiException)
        {
            // It exited on its own meanwhile (not running) or was removed by a delete.
        }
    }

    /// <summary>One reading of the container's cgroup through the Engine; null while it has none (starting, exiting).</summary>
    private async Task<ResourceSample?> SampleAsync()
    {
        var reading = new LastReading();
        try
        {
            await _docker.Containers.GetContainerStatsAsync(_container, new ContainerStatsParameters { Stream = false, OneShot = true }, reading);
        }
        catch (Exception ex) when (ex is DockerApiException or IOException)
        {
            return null;
        }

        if (reading.Value is not { MemoryStats: { Stats: { } memory, Usage: { } usage } used, PidsStats.Current: { } current, CPUStats.CPUUsage.TotalUsage: { } cpu })
        {
            return null;
        }

        // cgroup v1 names anonymous memory total_rss, v2 anon.
        var anonymous = memory.TryGetValue("total_rss", out var rss) ? rss : memory.TryGetValue("anon", out var anon) ? anon : usage;
        var tasks = (int)current;
        return new ResourceSample(
            MemoryBytes: (long)anonymous,
            PeakMemoryBytes: (long)Math.Max(used.MaxUsage ?? 0, usage),
            Tasks: tasks,
            CpuSeconds: cpu / 1e9,
            OomKilled: false,
            ProcessLimitHit: tasks >= _limits.Processes || ForkRefused());
    }

    private bool ForkRefused()
    {
        try
        {
            return _pidsEvents is not null && CgroupFiles.ReadKeyed(_pidsEvents, "max") > 0;
        }
        catch (IOException)
        {
            // The cgroup went away with the container; the final state decides.
            return false;
        }
    }

    private async Task PumpOutputAsync()
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await _stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
            if (read.EOF)
            {
                return;
            }

            _output.Append(buffer.AsSpan(0, read.Count));
        }
    }

    /// <summary>Keeps the report as it arrives (<see cref="Progress{T}"/> would hand it to the thread pool, after the call returned).</summary>
    private sealed class LastReading : IProgress<ContainerStatsResponse>
    {
        public ContainerStatsResponse? Value { get; private set; }

        public void Report(ContainerStatsResponse value) => Value = value;
    }
}
