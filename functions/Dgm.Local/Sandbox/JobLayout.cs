using Dgm.Jobs.Files;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Where one job lives on the host, <c>&lt;root&gt;/&lt;runId&gt;/&lt;jobId&gt;/</c>: our bookkeeping (state, status)
/// beside <c>fs/</c>, the job's only writable space (a size-limited tmpfs when we may mount one), which holds the job
/// root (<c>fs/job</c>, seen as <see cref="SandboxJob"/>) and the job's home (<c>fs/home</c>). The job never sees the bookkeeping.
/// </summary>
internal sealed record JobLayout(string Directory)
{
    /// <summary>The job root as the command sees it; inputs, outputs and the working directory are relative to it.</summary>
    public const string SandboxJob = Dgm.Jobs.JobPaths.Root;

    /// <summary>HOME inside the sandbox (also DOTNET_CLI_HOME, NuGet and Cargo folders).</summary>
    public const string SandboxHome = "/home/sandbox";

    /// <summary>Where the model gateway's socket appears inside the sandbox.</summary>
    public const string SandboxGatewaySocket = "/run/dgm/gateway.sock";

    public static JobLayout For(string root, string runId, string jobId) =>
        new(Path.Combine(root, RelativePath.Segment(runId, "Run id"), RelativePath.Segment(jobId, "Job id")));

    public string StateFile => Path.Combine(Directory, "state.json");

    /// <summary>Written by bwrap (--json-status-fd) or our unshare script once the command is about to run: empty means setup failed.</summary>
    public string StatusFile => Path.Combine(Directory, "status");

    /// <summary>The <see cref="SeccompFilter"/> program, opened as fd 5 of the isolation process.</summary>
    public string SeccompFile => Path.Combine(Directory, "seccomp.bpf");

    public string Writable => Path.Combine(Directory, "fs");

    public string Work => Path.Combine(Writable, "job");

    public string Home => Path.Combine(Writable, "home");

    /// <summary>The unshare path's root skeleton: mount points and symlinks, bound read-only as / inside the job's mount namespace.</summary>
    public string NewRoot => Path.Combine(Directory, "root");

    /// <summary>The job's own copies of folders of its image (<see cref="Core.Sandbox.SandboxJob.ImageFolders"/>), in its writable space.</summary>
    public string ImageCopy => Path.Combine(Writable, "image");

    /// <summary>Where the copy of the image's <paramref name="folder"/> (absolute, validated) sits: at the same path below <see cref="ImageCopy"/>.</summary>
    public string ImageCopyOf(string folder) => Path.Combine(ImageCopy, folder.Trim('/'));

    /// <summary>The host path of a normalized job-relative path.</summary>
    public string HostPath(string relative) => relative.Length == 0 ? Work : Path.Combine(Work, relative);
}
