using System.Text.Json.Serialization;

namespace Dgm.Jobs;

/// <summary>How one command the runner started ended.</summary>
public sealed record CommandResult
{
    /// <summary>The exit status (128+signal for a crash); null when the runner stopped it at its time limit or it never started.</summary>
    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    public double Seconds { get; init; }

    [JsonIgnore]

    public bool Succeeded => ExitCode == 0 && !TimedOut;
}

/// <summary>
/// <see cref="StepOutputs.Report"/>: what the runner did in one job. <see cref="Failure"/> is set when the runner could
/// not do its own part (the base commit, a missing input, hidden tests that do not apply): that is the harness's
/// fault, never the agent's, and the job's outcome must not be charged to the agent.
/// </summary>
public sealed record StepReport
{
    public required StepKind Kind { get; init; }

    public string? Failure { get; init; }

    /// <summary>Solve and self-modify: the agent's run.</summary>
    public CommandResult? Agent { get; init; }

    /// <summary>Solve and self-modify: bytes of the patch the runner took from the workspace (0: the agent changed nothing).</summary>
    public long PatchBytes { get; init; }

    /// <summary>Build: publishing the agent's source.</summary>
    public CommandResult? Publish { get; init; }

    /// <summary>Build: the published agent's self-test (null when publishing failed).</summary>
    public CommandResult? SelfTest { get; init; }

    /// <summary>Grade: what applying the patch and running the tests did.</summary>
    public GradeReport? Grade { get; init; }
}

/// <summary>The grading half of a <see cref="StepReport"/>.</summary>
public sealed record GradeReport
{
    /// <summary>Why the patch could not be applied to the fresh workspace; null when it applied (or was empty).</summary>
    public string? PatchError { get; init; }

    /// <summary>Paths the applied patch changed, relative to the workspace.</summary>
    public IReadOnlyList<string> ChangedPaths { get; set; } = [];

    /// <summary>Changed paths the task does not let a patch change; when any exist the tests are not run.</summary>
    public IReadOnlyList<string> DisallowedPaths { get; set; } = [];

    /// <summary>The test command's run; null when it was not run.</summary>
    public CommandResult? Tests { get; init; }

    /// <summary>Hidden test files that were changed or removed while the tests ran: the run's results cannot be trusted.</summary>
    public IReadOnlyList<string> TamperedPaths { get; set; } = [];

    /// <summary>Files the test command left in its report folder (collected under <see cref="StepOutputs.Reports"/>).</summary>
    public IReadOnlyList<string> ReportFiles { get; set; } = [];
}
