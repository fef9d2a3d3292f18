using Dgm.Jobs;

namespace Dgm.Core.Sandbox;

public enum NetworkPolicy
{
    /// <summary>No network at all.</summary>
    None,

    /// <summary>Only the model gateway is reachable (locally: one bound Unix socket).</summary>
    GatewayOnly,
}

/// <summary>Hard limits of a job; every one is enforced by the sandbox, not merely recorded.</summary>
public sealed record SandboxLimits
{
    public required int WallSeconds { get; init; }

    public required double CpuSeconds { get; init; }

    public required int MemoryMb { get; init; }

    public required int Processes { get; init; }

    public required int DiskMb { get; init; }

    public required int OutputBytes { get; init; }

    public double Cpus { get; init; } = 1;
}

/// <summary>An artifact placed in the job's directory before the command runs; tar.gz archives are unpacked into <see cref="Path"/>.</summary>
public sealed record SandboxInput(string ArtifactKey, string Path, bool Unpack);

/// <summary>A file or directory collected after the command: a directory is packed as tar.gz.</summary>
public sealed record SandboxOutput(string Path, string ArtifactKey, bool Pack);

/// <summary>
/// One sandboxed command: inputs from the artifact store, an argv run in <see cref="WorkingDirectory"/> (relative
/// to the job's root), an environment that holds nothing but what is listed here, limits, a network policy and
/// the outputs to collect.
/// </summary>
public sealed record SandboxJob
{
    /// <summary>Unique per job; also names the container group or job directory.</summary>
    public required string Id { get; init; }

    public required string RunId { get; init; }

    public required StepKind Kind { get; init; }

    public IReadOnlyList<SandboxInput> Inputs { get; init; } = [];

    public required IReadOnlyList<string> Command { get; init; }

    public string WorkingDirectory { get; init; } = ".";

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Bearer token for the gateway; handed to the job as a secret, never logged.</summary>
    public string? GatewayToken { get; init; }

    public required SandboxLimits Limits { get; init; }

    public NetworkPolicy Network { get; init; } = NetworkPolicy.None;

    public IReadOnlyList<SandboxOutput> Outputs { get; init; } = [];

    /// <summary>Container image for sandboxes that run containers (SWE-bench tasks); the local sandbox refuses jobs that need one.</summary>
    public string? Image { get; init; }

    /// <summary>
    /// Absolute folders of <see cref="Image"/> the job may change (SWE-bench's <c>/testbed</c> and its conda
    /// environment): a container sandbox gives the job its own writable copy of each at the same path, since the
    /// image refers to those paths (an editable install, the environment's scripts).
    /// </summary>
    public IReadOnlyList<string> ImageFolders { get; init; } = [];
}
