namespace Dgm.Local.Sandbox;

/// <summary>Everything an isolation needs to start one command.</summary>
internal sealed record SandboxLaunch(
    JobLayout Layout,
    IReadOnlyList<MountStep> Mounts,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Command);

/// <summary>
/// The host program to exec (after cgroup attach and rlimits) and what to write to its stdin. Secrets (the
/// environment, the gateway token) travel through stdin, never through argv, which every host user can read.
/// The program must write to fd 4 once the command is about to start: an empty status file means setup failed.
/// <paramref name="Fd5File"/>, when set, is opened read-only as fd 5 (both isolations read the seccomp program from there).
/// </summary>
internal sealed record LaunchSpec(string Program, IReadOnlyList<string> Arguments, byte[] Stdin, string? Fd5File = null);

/// <summary>A way to run a command in fresh namespaces with the <see cref="MountPlan"/> as its file system.</summary>
internal interface IIsolation
{
    /// <summary>What <see cref="Core.Sandbox.SandboxJobResult.Isolation"/> reports.</summary>
    string Name { get; }

    /// <summary>Where this isolation is weaker than bubblewrap's default, for <see cref="Core.Sandbox.SandboxJobResult.Isolation"/>.</summary>
    IReadOnlyList<string> Weaknesses { get; }

    /// <summary>The launch; may prepare files in the job's directory (never in the job's writable space).</summary>
    LaunchSpec Build(SandboxLaunch launch);
}

/// <summary>
/// Who a job is: not root. The process sandboxes map the host uid running dgm onto it in the job's user namespace;
/// Docker runs the container as it and the job's files are given to it.
/// </summary>
internal static class SandboxUser
{
    public const int Uid = 1000;

    public const string Id = "1000";
}
