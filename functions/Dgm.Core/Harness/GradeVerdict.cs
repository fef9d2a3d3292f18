using Dgm.Core.Archive;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>
/// How a grading job becomes a task status. Whatever kept the harness from grading fairly (the sandbox, the runner's
/// own steps, hidden tests that would not go in) is an error, never held against the agent.
/// </summary>
public static class GradeVerdict
{
    public static (AttemptStatus Status, string? Error) Of(SandboxJobResult result, StepReport? report)
    {
        if (result.Error is { } error)
        {
            return (AttemptStatus.Error, error);
        }

        if (report?.Grade is not { } grade)
        {
            return (AttemptStatus.Error, report?.Failure ?? $"the grading runner left no report ({Ended(result)})");
        }

        if (report.Failure is { } failure)
        {
            return (AttemptStatus.Error, failure);
        }

        if (grade.PatchError is not null)
        {
            return (AttemptStatus.Error, "the patch does not apply to a fresh workspace");
        }

        if (grade.DisallowedPaths.Count > 0)
        {
            return (AttemptStatus.Error, $"the patch reached paths it may not change: {string.Join(", ", grade.DisallowedPaths)}");
        }

        var tests = grade.Tests;
        return tests is { Succeeded: true } && grade.TamperedPaths.Count == 0 && result.LimitsHit == LimitHit.None
            ? (AttemptStatus.Resolved, null)
            : (AttemptStatus.Unresolved, null);
    }

    private static string Ended(SandboxJobResult result) =>
        result.TimedOut ? "it was stopped at its wall limit" : $"it exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}";
}
