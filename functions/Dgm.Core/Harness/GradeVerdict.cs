using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness.TestReports;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>
/// How a grading job becomes a task status. Whatever kept the harness from grading fairly (the sandbox, the runner's
/// own steps, hidden tests that would not go in) is an error, never held against the agent. A task with a test
/// report is resolved only when the test command exits 0 and its report shows every test passed, among them every
/// test the gold patch passed at verification; otherwise the reason it is unresolved comes back with the status.
/// A SWE-bench task is judged as the official harness judges it, by its FAIL_TO_PASS and PASS_TO_PASS tests in its log.
/// </summary>
public static class GradeVerdict
{
    /// <summary>
    /// Judges a finished grading job from what it uploaded; <paramref name="expectedTests"/> are the tests the task's
    /// verification recorded (empty when none are on record: then every reported test must pass, at least one).
    /// </summary>
    /// <remarks>A SWE-bench task also gets both lists' outcomes (null for other tasks, or when its log is unreadable).</remarks>
    public static async Task<(AttemptStatus Status, string? Error, TestsStatus? Tests)> JudgeAsync(SandboxJobResult result, JobOutputs outputs, BenchmarkTask task, IReadOnlyCollection<string> expectedTests, CancellationToken cancellationToken = default)
    {
        var reportFiles = task.TestReport == TestReportFormat.None ? null : await outputs.ReportFilesAsync(cancellationToken);
        var tests = reportFiles is null ? null : SweBenchGrading.Status(task, reportFiles);
        var (status, error) = Of(result, await outputs.ReportAsync(cancellationToken), task.TestReport, reportFiles, expectedTests, tests);
        return (status, error, tests);
    }

    /// <param name="sweBenchTests">For a SWE-bench log format: both lists' outcomes (<see cref="SweBenchGrading.Status"/>).</param>
    public static (AttemptStatus Status, string? Error) Of(SandboxJobResult result, StepReport? report, TestReportFormat format = TestReportFormat.None, IReadOnlyDictionary<string, byte[]>? reportFiles = null, IReadOnlyCollection<string>? expectedTests = null, TestsStatus? sweBenchTests = null)
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

        if (grade.TamperedPaths.Count > 0)
        {
            return (AttemptStatus.Unresolved, $"the test run changed protected files: {string.Join(", ", grade.TamperedPaths)}");
        }

        if (result.LimitsHit != LimitHit.None)
        {
            return (AttemptStatus.Unresolved, $"the test run was stopped at its limits ({result.LimitsHit})");
        }

        if (format.IsSweBenchLog())
        {
            // As the SWE-bench harness: the log decides, not the exit code (tests outside the two lists may fail in the
            // image whatever the patch); a test run stopped at its time limit is unresolved as the harness's timeout is.
            var whyNot = grade.Tests is null or { TimedOut: true } ? TestsEnded(grade.Tests) : SweBenchGrading.WhyNotResolved(sweBenchTests);
            return whyNot is null ? (AttemptStatus.Resolved, null) : (AttemptStatus.Unresolved, whyNot);
        }

        // The exit code alone is what the code under test controls most easily (os._exit(0) at import): the runner's
        // own report must agree. When the tests failed, the report says which (the diagnosis reads this reason).
        var why = format == TestReportFormat.None ? null : TestReportCheck.WhyNotPassed(format, reportFiles ?? new Dictionary<string, byte[]>(), expectedTests);
        return grade.Tests is not { Succeeded: true } ? (AttemptStatus.Unresolved, why is null ? TestsEnded(grade.Tests) : $"{TestsEnded(grade.Tests)}; {why}")
            : why is not null ? (AttemptStatus.Unresolved, why)
            : (AttemptStatus.Resolved, null);
    }

    private static string TestsEnded(CommandResult? tests) => tests switch
    {
        null => "the test command did not run",
        { TimedOut: true } => "the test command was stopped at its time limit",
        _ => $"the test command exited with {tests.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}",
    };

    private static string Ended(SandboxJobResult result) =>
        result.TimedOut ? "it was stopped at its wall limit" : $"it exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}";
}
