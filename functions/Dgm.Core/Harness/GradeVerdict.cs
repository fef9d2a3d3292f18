using Dgm.Core.Archive;
using Dgm.Core.Sandbox;

namespace Dgm.Core.Harness;

/// <summary>How a grading job's result becomes a task status.</summary>
public static class GradeVerdict
{
    /// <summary>The grading script's exit code when the model patch does not apply to a fresh workspace.</summary>
    public const int PatchDoesNotApply = 97;

    /// <summary>The grading script's exit code when the task's hidden-test patch does not apply after the model patch.</summary>
    public const int HiddenTestsDoNotApply = 98;

    public static (AttemptStatus Status, string? Error) Of(SandboxJobResult result) =>
        result.Error is { } error ? (AttemptStatus.Error, (string?)error)
        : result.ExitCode == PatchDoesNotApply ? (AttemptStatus.Error, "the patch does not apply to a fresh workspace")
        : result.ExitCode == HiddenTestsDoNotApply ? (AttemptStatus.Error, "the hidden tests do not apply after the patch")
        : result.ExitCode == 0 && result.LimitsHit == LimitHit.None ? (AttemptStatus.Resolved, (string?)null)
        : (AttemptStatus.Unresolved, (string?)null);
}
