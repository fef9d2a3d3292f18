using System.Text.Json.Serialization;

namespace Dgm.Core.Archive;

/// <summary>One attempt of an agent at a task: its grade and what the diagnosis needs to find its logs.</summary>
public sealed record AttemptOutcome
{
    public required AttemptStatus Status { get; init; }

    /// <summary>How many times the model refused the agent's request for exceeding its context length.</summary>
    public int ContextLengthErrors { get; init; }

    /// <summary>Why grading could not decide (status error), or why the test report did not show a pass (status unresolved).</summary>
    public string? Error { get; init; }

    /// <summary>Artifact keys of the attempt's patch, agent transcript and test output.</summary>
    public string? PatchKey { get; init; }

    public string? TranscriptKey { get; init; }

    public string? TestOutputKey { get; init; }

    /// <summary>SWE-bench: which FAIL_TO_PASS and PASS_TO_PASS tests the grade's log reported passed; null for other tasks.</summary>
    public TestsStatus? Tests { get; init; }

    /// <summary>Files of the patch that grading ignored: protected paths (the tests, their hooks) or paths outside the workspace.</summary>
    public IReadOnlyList<string> DroppedFromPatch { get; init; } = [];

    public double SandboxSeconds { get; init; }

    public long Tokens { get; init; }
}

/// <summary>All attempts of one node at one task.</summary>
public sealed record TaskOutcome
{
    public required string TaskId { get; init; }

    public required string Language { get; init; }

    public required IReadOnlyList<AttemptOutcome> Attempts { get; init; }

    [JsonIgnore]

    public int Resolved => Attempts.Count(a => a.Status == AttemptStatus.Resolved);

    /// <summary>The task as one verdict for diagnosis: resolved only if every attempt was, empty only if every attempt was.</summary>
    [JsonIgnore]
    public AttemptStatus Verdict =>
        Attempts.Count > 0 && Attempts.All(a => a.Status == AttemptStatus.Resolved) ? AttemptStatus.Resolved
        : Attempts.Count > 0 && Attempts.All(a => a.Status == AttemptStatus.EmptyPatch) ? AttemptStatus.EmptyPatch
        : AttemptStatus.Unresolved;
}

/// <summary>What one evaluation stage graded.</summary>
public sealed record StageResult
{
    public required int Stage { get; init; }

    public required IReadOnlyList<TaskOutcome> Tasks { get; init; }
}
