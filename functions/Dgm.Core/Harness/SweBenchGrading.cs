using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness.TestReports;

namespace Dgm.Core.Harness;

/// <summary>
/// SWE-bench's grade: resolved exactly when every FAIL_TO_PASS and every PASS_TO_PASS test is reported passed in the
/// test log. Other tests the directives ran may fail (some fail in the images whatever the patch), so neither they nor
/// the exit code count. A listed test that was skipped is not passed: the harness up to v4 let a skipped test count as
/// neither, which would resolve a task whose every FAIL_TO_PASS test the patch makes skip.
/// </summary>
public static class SweBenchGrading
{
    /// <summary>Both lists' outcomes from the collected log; null when the log is missing or unreadable, or the task is not a SWE-bench one.</summary>
    public static TestsStatus? Status(BenchmarkTask task, IReadOnlyDictionary<string, byte[]> reportFiles)
    {
        if (!task.TestReport.IsSweBenchLog())
        {
            return null;
        }

        ReportedTests reported;
        try
        {
            reported = SweBenchLogReport.Parse(task.TestReport, reportFiles);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        var passed = reported.Tests.Where(t => t.Passed).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return new TestsStatus(Split(task.FailToPass, passed), Split(task.PassToPass, passed));
    }

    /// <summary>Null when resolved; otherwise which listed tests were not reported passed.</summary>
    public static string? WhyNotResolved(TestsStatus? status) =>
        status is null ? $"the test log ({SweBenchLogReport.FileName}) is missing or unreadable"
        : status.AllPassed ? null
        : string.Join("; ", new[] { (Name: "FAIL_TO_PASS", List: status.FailToPass), (Name: "PASS_TO_PASS", List: status.PassToPass) }
            .Where(l => l.List.Failure.Count > 0)
            .Select(l => $"{l.List.Failure.Count} of {l.List.Success.Count + l.List.Failure.Count} {l.Name} tests not reported passed: {TestReportCheck.Names(l.List.Failure)}"));

    private static TestListStatus Split(IReadOnlyList<string> tests, HashSet<string> passed) =>
        new([.. tests.Where(passed.Contains)], [.. tests.Where(t => !passed.Contains(t))]);
}
