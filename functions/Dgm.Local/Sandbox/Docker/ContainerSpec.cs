using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Docker.DotNet.Models;

namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// The container of one job: the job's image with a read-only root, the job root and home bound in from the host (the
/// same <c>fs/</c> the process sandboxes use, so inputs and outputs move the same way), the runner and tool folder
/// read-only, no network but the gateway's socket, a non-root user with every capability dropped, and the job's limits
/// as cgroup limits.
/// </summary>
internal static class ContainerSpec
{
    public const string RunLabel = "dgm.run";
    public const string JobLabel = "dgm.job";

    /// <summary>A name Docker accepts whatever characters the ids hold; one per job, so a retried start finds its container.</summary>
    public static string Name(string runId, string jobId) =>
        "dgm-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId + "\n" + jobId)))[..32];

    public static CreateContainerParameters For(
        SandboxJob job, string image, JobLayout layout, LocalSandboxOptions options, string workingDirectory, long tmpBytes, bool diskMounted)
    {
        var limits = job.Limits;
        // tmpfs pages are charged to the memory cgroup of whoever writes them, so the job's files must fit beside its
        // memory; the job's own memory limit is held by the supervisor's anonymous-memory check.
        var memory = (limits.MemoryMb * Mb) + (diskMounted ? limits.DiskMb * Mb : 0) + (2 * tmpBytes);
        var mounts = new List<Mount>
        {
            Bind(layout.Work, JobLayout.SandboxJob, readOnly: false),
            Bind(layout.Home, JobLayout.SandboxHome, readOnly: false),
        };
        foreach (var folder in job.ImageFolders)
        {
            // The job's own copy of the image's folder (see DockerSandbox), in place of the image's read-only one.
            mounts.Add(Bind(layout.ImageCopyOf(folder), folder, readOnly: false));
        }

        if (File.Exists(options.RunnerPath))
        {
            mounts.Add(Bind(Path.GetFullPath(options.RunnerPath), JobPaths.Runner, readOnly: true));
        }

        if (Directory.Exists(options.ToolsPath))
        {
            mounts.Add(Bind(Path.GetFullPath(options.ToolsPath), JobPaths.Tools, readOnly: true));
        }

        if (job.Network == NetworkPolicy.GatewayOnly)
        {
            mounts.Add(Bind(Path.GetFullPath(options.GatewaySocket!), JobLayout.SandboxGatewaySocket, readOnly: true));
        }

        return new CreateContainerParameters
        {
            Name = Name(job.RunId, job.Id),
            Image = image,
            Entrypoint = [.. job.Command],
            WorkingDir = workingDirectory,
            Env = [.. JobEnvironment.ForContainer(job).Select(v => $"{v.Key}={v.Value}")],
            // Not root, even without capabilities: root in the container is root on the host for files it can reach.
            User = $"{SandboxUser.Id}:{SandboxUser.Id}",
            Hostname = "sandbox",
            AttachStdout = true,
            AttachStderr = true,
            Labels = Labels(job),
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                ReadonlyRootfs = true,
                Mounts = mounts,
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = $"rw,nosuid,nodev,size={tmpBytes.ToString(CultureInfo.InvariantCulture)}" },
                ShmSize = tmpBytes,
                Memory = memory,
                MemorySwap = memory,
                // Frozen at the hard limit rather than losing one process: the supervisor then stops the whole job (cgroup v1; v2 ignores it).
                OomKillDisable = true,
                PidsLimit = limits.Processes,
                NanoCPUs = (long)(limits.Cpus * 1e9),
                Ulimits = [new Ulimit { Name = "cpu", Soft = (long)Math.Ceiling(limits.CpuSeconds) + 1, Hard = (long)Math.Ceiling(limits.CpuSeconds) + 1 }],
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                // The supervisor reads the output as it comes; a log driver would keep an unbounded copy on the host.
                LogConfig = new LogConfig { Type = "none" },
            },
        };
    }

    /// <summary>The run, the job and the owning process, by which a later process finds every container of a job.</summary>
    public static Dictionary<string, string> Labels(SandboxJob job) =>
        new() { [RunLabel] = job.RunId, [JobLabel] = job.Id, [ContainerOwner.Label] = ContainerOwner.Current };

    private const long Mb = 1024 * 1024;

    private static Mount Bind(string source, string target, bool readOnly) =>
        new() { Type = "bind", Source = source, Target = target, ReadOnly = readOnly, BindOptions = new BindOptions { Propagation = "rprivate" } };
}
