using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Jobs.Files;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Runs jobs as sandboxed processes on this machine: bubblewrap when installed, else unshare (never unsandboxed),
/// limits enforced by cgroups (v1 or v2) or a /proc watchdog, the job's writable space a size-limited tmpfs when
/// privileged, no network but the model gateway's socket. This instance supervises the jobs it started; another
/// instance (a restarted process) sees them as lost and can only list and delete them.
/// </summary>
public sealed class LocalSandbox : ISandbox, IAsyncDisposable
{
    private readonly IArtifactStore _store;
    private readonly LocalSandboxOptions _options;
    private readonly string _root;
    private readonly IIsolation? _isolation;
    private readonly string _isolationProblem;
    private readonly CgroupHierarchy? _cgroups;
    private readonly string _cgroupProblem;
    private readonly SupervisedJobs _jobs;
    private bool _disposed;

    public LocalSandbox(IArtifactStore store, LocalSandboxOptions options)
    {
        _store = store;
        _options = options;
        _root = Path.GetFullPath(options.Root);
        Directory.CreateDirectory(_root);
        _jobs = new SupervisedJobs(store, _root);
        (_isolation, _isolationProblem) = IsolationChoice.For(options);
        (_cgroups, _cgroupProblem) = options.UseCgroups ? CgroupHierarchy.OfHost() : (null, "disabled by the options");
    }

    public string Name => "local";

    public async Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JobValidation.RefuseImage(job);
        JobValidation.Check(job, _options);
        var isolation = _isolation ?? throw new InvalidOperationException(_isolationProblem);
        var handle = new SandboxJobHandle(job.Id, job.RunId, Name);
        if (_jobs.Contains(job))
        {
            // A retried start of a job this instance already runs.
            return handle;
        }

        var layout = JobLayout.For(_root, job.RunId, job.Id);
        await Task.Run(() => JobCleanup.Run(layout), cancellationToken);
        Directory.CreateDirectory(layout.Directory);
        var cgroup = _cgroups?.For("dgm-" + Guid.NewGuid().ToString("N"));
        var state = new JobState { RunId = job.RunId, JobId = job.Id, Isolation = isolation.Name, Cgroups = cgroup?.Directories ?? [] };
        state.Write(layout);
        System.Diagnostics.Process? process = null;
        try
        {
            var limits = job.Limits;
            var tmpBytes = Math.Min(_options.TmpMb, limits.DiskMb) * Mb;
            var disk = DiskLimit.Create(layout.Writable, limits.DiskMb * Mb, _options.MountDiskTmpfs);
            // tmpfs pages are charged to the memory cgroup of whoever writes them, so the job's files must fit beside its memory.
            cgroup?.Create(new CgroupLimits((limits.MemoryMb * Mb) + (disk.Mounted ? limits.DiskMb * Mb : 0) + (2 * tmpBytes), limits.Processes, limits.Cpus));
            Directory.CreateDirectory(layout.Work);
            Directory.CreateDirectory(layout.Home);
            await JobFiles.MaterializeAsync(_store, job, layout, cancellationToken);
            var workingDirectory = RelativePath.Normalize(job.WorkingDirectory, "Working directory");
            Directory.CreateDirectory(layout.HostPath(workingDirectory));

            var launch = new SandboxLaunch(
                layout,
                MountPlan.For(_options, layout, tmpBytes, job.Network == NetworkPolicy.GatewayOnly ? Path.GetFullPath(_options.GatewaySocket!) : null),
                workingDirectory.Length == 0 ? JobLayout.SandboxJob : $"{JobLayout.SandboxJob}/{workingDirectory}",
                JobEnvironment.For(job, _options),
                job.Command);
            var spec = isolation.Build(launch);
            process = await HostLauncher.StartAsync(spec, layout.StatusFile, (long)Math.Ceiling(limits.CpuSeconds) + 1, disk.FileSizeLimit, cgroup?.ProcsFiles ?? []);
            await WriteStdinAsync(process, spec.Stdin);
            var startTime = ProcFs.Read(process.Id)?.StartTime ?? -1;
            var isolationName = Describe(isolation, cgroup, disk);
            (state with { Isolation = isolationName, Pid = process.Id, PidStartTime = startTime }).Write(layout);
            var meter = (IJobMeter?)cgroup ?? new ProcessTreeMeter(process.Id, startTime);
            var supervisor = JobSupervisor.Start(process, meter, disk, limits, layout.StatusFile, _options.WatchdogInterval);
            _jobs.Add(new RunningJob(job, layout, isolationName, supervisor));
            return handle;
        }
        catch
        {
            using (process)
            {
                process?.Kill();
            }

            JobCleanup.Run(layout);
            throw;
        }
    }

    public Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(_jobs.Poll(handle));
    }

    public Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _jobs.CollectAsync(handle, cancellationToken);
    }

    public async Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        await _jobs.StopAsync(handle);
        await Task.Run(() => JobCleanup.Run(JobLayout.For(_root, handle.RunId, handle.JobId)), cancellationToken);
    }

    public Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = Path.Combine(_root, RelativePath.Segment(runId, "Run id"));
        IReadOnlyList<SandboxJobHandle> jobs = Directory.Exists(run)
            ? Directory.GetDirectories(run).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(id => new SandboxJobHandle(id!, runId, Name)).ToList()
            : [];
        return Task.FromResult(jobs);
    }

    /// <summary>
    /// Kills the jobs this instance still supervises (nobody would enforce their limits any more) and releases their
    /// cgroups and tmpfs mounts, which would otherwise outlive the process; their directories stay for <see cref="ListAsync"/>
    /// and <see cref="DeleteAsync"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _jobs.StopAllAsync();
    }

    private const long Mb = 1024 * 1024;

    private string Describe(IIsolation isolation, JobCgroup? cgroup, DiskLimit disk)
    {
        var notes = new List<string>(isolation.Weaknesses);
        if (cgroup is null)
        {
            notes.Add($"no cgroups, {_cgroupProblem}: memory, processes and CPU time by watchdog");
        }

        if (!disk.Mounted)
        {
            notes.Add("disk by watchdog");
        }

        return notes.Count == 0 ? isolation.Name : $"{isolation.Name} ({string.Join("; ", notes)})";
    }

    private static async Task WriteStdinAsync(System.Diagnostics.Process process, byte[] content)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(content);
        }
        catch (IOException)
        {
            // The isolation died before reading; the supervisor reports why.
        }
        finally
        {
            process.StandardInput.Close();
        }
    }
}
