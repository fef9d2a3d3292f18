using System.Text.Json.Serialization;
using Dgm.Core.Artifacts;

namespace Dgm.Core.Sandbox;

/// <summary>Which limit stopped a job, if any.</summary>
[Flags]
public enum LimitHit
{
    None = 0,
    WallTime = 1,
    CpuTime = 2,
    Memory = 4,
    Processes = 8,
    Disk = 16,
}

public sealed record SandboxUsage(double WallSeconds, double CpuSeconds, long PeakMemoryBytes);

/// <summary>Where a running job can be found again (also by a different process after a restart).</summary>
public sealed record SandboxJobHandle(string JobId, string RunId, string Sandbox);

public enum SandboxJobState
{
    Pending,
    Running,
    Exited,

    /// <summary>The sandbox lost the job (e.g. its host died); collect reports it as an error.</summary>
    Lost,
}

/// <summary>What a job did: exit code, which limits it hit, the isolation that really ran, usage and outputs.</summary>
public sealed record SandboxJobResult
{
    public required string JobId { get; init; }

    /// <summary>Null when the job never exited by itself (killed at a limit or lost).</summary>
    public int? ExitCode { get; init; }

    public LimitHit LimitsHit { get; init; }

    [JsonIgnore]

    public bool TimedOut => LimitsHit.HasFlag(LimitHit.WallTime);

    /// <summary>The isolation that ran, e.g. "bubblewrap", "unshare", "aci"; weaker isolation is said here.</summary>
    public required string Isolation { get; init; }

    public required SandboxUsage Usage { get; init; }

    /// <summary>Combined stdout and stderr, clipped to the job's output limit.</summary>
    public string Output { get; init; } = "";

    /// <summary>The output went past the job's output limit and only its head and tail were kept; clipping is not a failure.</summary>
    public bool OutputTruncated { get; init; }

    public IReadOnlyList<ArtifactRef> Outputs { get; init; } = [];

    /// <summary>Why the sandbox itself failed (not the command); null when it ran.</summary>
    public string? Error { get; init; }

    [JsonIgnore]

    public bool Succeeded => Error is null && ExitCode == 0 && LimitsHit == LimitHit.None;
}
