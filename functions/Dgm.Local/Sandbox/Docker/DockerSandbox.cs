using System.Security.Cryptography;
using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Jobs.Archives;
using Dgm.Jobs.Files;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// Runs each job in a container of its own through the Docker Engine API: the job's image (or our sandbox image), the
/// job's files prepared on the host exactly as the process sandboxes prepare them (inputs unpacked into <c>fs/</c>, a
/// size-limited tmpfs when privileged, outputs collected with the same caps and never through a symlink), no network
/// but the gateway's socket, nothing of the host's environment. Containers carry the run, the job and the dgm process
/// that owns them as labels: a later process finds what a dead one left with <see cref="ListAsync"/> and removes it
/// with <see cref="DeleteAsync"/>, and before its first job removes every container a dead process of this host left.
/// </summary>
public sealed class DockerSandbox : ISandbox, IAsyncDisposable
{
    private readonly IArtifactStore _store;
    private readonly LocalSandboxOptions _files;
    private readonly DockerSandboxOptions _options;
    private readonly string _root;
    private readonly DockerClient _docker;
    private readonly SupervisedJobs _jobs;
    private Task? _orphansRemoved;
    private Task<HostIds>? _hostIds;
    private bool _disposed;

    /// <param name="files">Where job folders live and what every job sees: the runner, the tool folder, the gateway socket, the /tmp size.</param>
    public DockerSandbox(IArtifactStore store, LocalSandboxOptions files, DockerSandboxOptions options)
    {
        _store = store;
        _files = files;
        _options = options;
        _root = Path.GetFullPath(files.Root);
        Directory.CreateDirectory(_root);
        _jobs = new SupervisedJobs(store, _root);
        _docker = new DockerClientBuilder().WithEndpoint(options.Endpoint).Build();
    }

    public string Name => "docker";

    public async Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JobValidation.Check(job, _files);
        var handle = new SandboxJobHandle(job.Id, job.RunId, Name);
        if (_jobs.Contains(job))
        {
            // A retried start of a job this instance already runs.
            return handle;
        }

        await RemoveOrphansOnceAsync().WaitAsync(cancellationToken);
        var image = job.Image ?? _options.Image;
        await RequireImageAsync(job, image, cancellationToken);
        var layout = JobLayout.For(_root, job.RunId, job.Id);
        await RemoveAsync(job.RunId, job.Id, cancellationToken);
        Directory.CreateDirectory(layout.Directory);
        new JobState { RunId = job.RunId, JobId = job.Id, Isolation = Name }.Write(layout);
        MultiplexedStream? stream = null;
        try
        {
            var limits = job.Limits;
            var tmpBytes = Math.Min(_files.TmpMb, limits.DiskMb) * 1024L * 1024;
            var disk = DiskLimit.Create(layout.Writable, limits.DiskMb * 1024L * 1024, _files.MountDiskTmpfs);
            Directory.CreateDirectory(layout.Work);
            Directory.CreateDirectory(layout.Home);
            await JobFiles.MaterializeAsync(_store, job, layout, cancellationToken);
            foreach (var folder in job.ImageFolders)
            {
                await CopyFromImageAsync(job, image, folder, layout, cancellationToken);
            }

            var workingDirectory = RelativePath.Normalize(job.WorkingDirectory, "Working directory");
            Directory.CreateDirectory(layout.HostPath(workingDirectory));
            GiveToSandboxUser(layout.Writable, await HostIdsAsync(cancellationToken));

            var spec = ContainerSpec.For(
                job, image, layout, _files, workingDirectory.Length == 0 ? JobLayout.SandboxJob : $"{JobLayout.SandboxJob}/{workingDirectory}", tmpBytes, disk.Mounted);
            var container = (await _docker.Containers.CreateContainerAsync(spec, cancellationToken)).ID;
            stream = await _docker.Containers.AttachContainerAsync(container, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken);
            await _docker.Containers.StartContainerAsync(container, new ContainerStartParameters(), cancellationToken);
            var pid = (await _docker.Containers.InspectContainerAsync(container, cancellationToken)).State?.Pid ?? 0;
            var isolation = disk.Mounted ? Name : $"{Name} (disk by watchdog)";
            (JobState.Read(layout)! with { Isolation = isolation }).Write(layout);
            var supervisor = ContainerSupervisor.Start(_docker, container, stream, pid > 0 ? ContainerCgroup.PidsEvents(pid) : null, disk, limits, _options.StatsInterval);
            _jobs.Add(new RunningJob(job, layout, isolation, supervisor));
            return handle;
        }
        catch
        {
            stream?.Dispose();
            await RemoveAsync(job.RunId, job.Id, CancellationToken.None);
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
        await RemoveAsync(handle.RunId, handle.JobId, cancellationToken);
    }

    /// <summary>The container runs as <see cref="SandboxUser"/>, so the job's files must be owned by the host ids behind it.</summary>
    private static void GiveToSandboxUser(string writable, HostIds owner)
    {
        Libc.ChangeOwner(writable, owner.Uid, owner.Gid);
        foreach (var entry in new DirectoryInfo(writable).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            Libc.ChangeOwner(entry.FullName, owner.Uid, owner.Gid);
        }
    }

    /// <summary>Read from the Engine once; a failed read is tried again by the next job.</summary>
    private Task<HostIds> HostIdsAsync(CancellationToken cancellationToken)
    {
        if (_hostIds is null or { IsFaulted: true } or { IsCanceled: true })
        {
            _hostIds = ReadAsync();
        }

        return _hostIds.WaitAsync(cancellationToken);

        async Task<HostIds> ReadAsync() => HostIds.Of(await _docker.System.GetSystemInfoAsync(CancellationToken.None));
    }

    /// <summary>The run's containers (found by label, also ones whose folder is gone) and job folders (also ones whose container never started).</summary>
    public async Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        var containers = await _docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = LabelFilter($"{ContainerSpec.RunLabel}={runId}") }, cancellationToken);
        var run = Path.Combine(_root, RelativePath.Segment(runId, "Run id"));
        var folders = Directory.Exists(run) ? Directory.GetDirectories(run).Select(Path.GetFileName).OfType<string>() : [];
        return containers.Select(c => c.Labels[ContainerSpec.JobLabel]).Concat(folders)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id => new SandboxJobHandle(id, runId, Name)).ToList();
    }

    /// <summary>
    /// Kills the containers this instance still supervises (nobody would enforce their limits any more) and unmounts
    /// their tmpfs; the stopped containers and their folders stay for <see cref="ListAsync"/> and <see cref="DeleteAsync"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _jobs.StopAllAsync();
        _docker.Dispose();
    }

    private async Task RequireImageAsync(SandboxJob job, string image, CancellationToken cancellationToken)
    {
        try
        {
            await _docker.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            throw new InvalidOperationException(
                $"Job '{job.Id}' runs in the image '{image}', which the Docker Engine at {_options.Endpoint} does not have. " +
                $"Pull it first: docker pull {image}");
        }
    }

    /// <summary>
    /// Copies <paramref name="folder"/> of the image (SWE-bench's /testbed, its conda environment) into the job's
    /// writable space, where the container sees it at the same path. The job then patches, reinstalls and grades the
    /// repository in place as the unprivileged user, as the harness does as root, while the root stays read-only, the
    /// copy counts against the job's disk limit, and no other job (or a retry of this one) sees what it changed.
    /// </summary>
    private async Task CopyFromImageAsync(SandboxJob job, string image, string folder, JobLayout layout, CancellationToken cancellationToken)
    {
        var tarball = await FolderArchiveAsync(job, image, folder, cancellationToken);
        // The Engine's archive holds the folder itself (its last segment), so it unpacks into the copy's parent.
        // Through TarExtractor: environments hold links to absolute paths (bin/python -> /usr/bin/python3), which are
        // kept for the container to follow, and nothing is ever written through one on the host.
        await using var archive = File.OpenRead(tarball);
        await Task.Run(() => TarExtractor.ExtractTar(archive, Path.GetDirectoryName(layout.ImageCopyOf(folder))!), cancellationToken);
    }

    /// <summary>
    /// The folder of the image as a tar archive, taken once per image id (from a container that is created but never
    /// started: with the vfs storage driver each container is a full copy of the image) and kept beside the job folders.
    /// </summary>
    private async Task<string> FolderArchiveAsync(SandboxJob job, string image, string folder, CancellationToken cancellationToken)
    {
        var imageId = (await _docker.Images.InspectImageAsync(image, cancellationToken)).ID.Replace("sha256:", "", StringComparison.Ordinal);
        var folderHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16];
        var tarball = Path.Combine(_root, ".image-folders", $"{RelativePath.Segment(imageId, "Image id")}-{folderHash}.tar");
        if (File.Exists(tarball))
        {
            return tarball;
        }

        var source = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ContainerSpec.Name(job.RunId, job.Id) + "-copy",
            Image = image,
            Entrypoint = ["/bin/true"],
            Labels = ContainerSpec.Labels(job),
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, cancellationToken);
        try
        {
            var archive = await _docker.Containers.GetArchiveFromContainerAsync(source.ID, new ContainerPathStatParameters { Path = folder }, statOnly: false, cancellationToken);
            await using var stream = archive.Stream ?? throw new InvalidOperationException($"The Docker Engine sent no archive of {folder} of the image '{image}'.");
            // Through a file: TarReader straight over the Engine's response stream ends early (EndOfStreamException).
            Directory.CreateDirectory(Path.GetDirectoryName(tarball)!);
            var partial = $"{tarball}.{Guid.NewGuid():N}.partial";
            await using (var file = File.Create(partial))
            {
                await stream.CopyToAsync(file, cancellationToken);
            }

            File.Move(partial, tarball, overwrite: true);
            return tarball;
        }
        catch (DockerContainerNotFoundException)
        {
            throw new InvalidOperationException($"Job '{job.Id}' works in {folder} of the image '{image}', which has no such folder.");
        }
        finally
        {
            await _docker.Containers.RemoveContainerAsync(source.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Before its first job, removes the containers (and job folders) that dgm processes of this host left when they
    /// died, whatever run they belonged to: nobody enforces their limits or collects them any more.
    /// </summary>
    private Task RemoveOrphansOnceAsync()
    {
        // Concurrent first jobs may both sweep (removal is idempotent); a failed sweep is tried again by the next job.
        if (_orphansRemoved is null or { IsFaulted: true })
        {
            _orphansRemoved = RemoveOrphansAsync(CancellationToken.None);
        }

        return _orphansRemoved;
    }

    private async Task RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var owned = await _docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = LabelFilter(ContainerOwner.Label) }, cancellationToken);
        foreach (var container in owned.Where(c => ContainerOwner.IsDead(c.Labels[ContainerOwner.Label])))
        {
            await RemoveAsync(container.Labels[ContainerSpec.RunLabel], container.Labels[ContainerSpec.JobLabel], cancellationToken);
        }

        await RemoveImageFoldersOfGoneImagesAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the copies of image folders (<see cref="FolderArchiveAsync"/>) whose image the Engine no longer has: a
    /// task image that was removed or replaced by a newer pull is never used again under that id.
    /// </summary>
    private async Task RemoveImageFoldersOfGoneImagesAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, ".image-folders");
        if (!Directory.Exists(folder))
        {
            return;
        }

        var images = (await _docker.Images.ListImagesAsync(new ImagesListParameters { All = true }, cancellationToken))
            .Select(i => i.ID.Replace("sha256:", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var copy in Directory.EnumerateFiles(folder))
        {
            // {image id}-{folder hash}.tar, or a partial download of one.
            var name = Path.GetFileName(copy);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !images.Contains(name[..dash]))
            {
                File.Delete(copy);
            }
        }
    }

    /// <summary>Removes the job's container (whatever state it is in) and its folder; idempotent.</summary>
    private async Task RemoveAsync(string runId, string jobId, CancellationToken cancellationToken)
    {
        var containers = await _docker.Containers.ListContainersAsync(
            new ContainersListParameters { All = true, Filters = LabelFilter($"{ContainerSpec.RunLabel}={runId}", $"{ContainerSpec.JobLabel}={jobId}") }, cancellationToken);
        foreach (var container in containers)
        {
            try
            {
                await _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken);
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile by another delete.
            }
        }

        await Task.Run(() => JobCleanup.Run(JobLayout.For(_root, runId, jobId)), cancellationToken);
    }

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(params string[] labels) =>
        new() { ["label"] = labels.ToDictionary(l => l, _ => true) };
}
