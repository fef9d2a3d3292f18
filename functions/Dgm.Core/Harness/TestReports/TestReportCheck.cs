using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Whether a test runner's report shows a resolved task: it must be readable, non-empty, agree with its own summary,
/// report no failed test and at least one passed, and, when the task's verification recorded the tests its gold patch
/// passes, list every one of those as passed. Tests the runner skipped (the exercise's own skips, as the reference
/// harness leaves them) are neither; a skip the code under test causes leaves an expected test unpassed. Anything
/// else is a reason the task is unresolved.
/// </summary>
public static class TestReportCheck
{
    private const int NamesShown = 5;

    /// <summary>The tests a report lists; <see cref="InvalidDataException"/> when it is missing or unreadable.</summary>
    public static ReportedTests Read(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files) => format switch
    {
        TestReportFormat.JunitXml => JUnitXmlReport.Parse(files),
        TestReportFormat.JestJson => JestJsonReport.Parse(files),
        TestReportFormat.GoTestJson => GoTestJsonReport.Parse(files),
        TestReportFormat.Libtest => LibtestReport.Parse(files),
        TestReportFormat.Catch2Xml => Catch2XmlReport.Parse(files),
        _ when format.IsSweBenchLog() => SweBenchLogReport.Parse(format, files),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no report to read"),
    };

    /// <summary>The names of the tests a report shows passed, in order and without repeats (what verification records of the gold run).</summary>
    public static IReadOnlyList<string> Passed(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files) =>
        Read(format, files).Tests.Where(t => t.Passed).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Null when the report shows every test passed, including each of <paramref name="expected"/> (the tests the gold
    /// patch passed at verification; empty when none are on record); otherwise why not.
    /// </summary>
    public static string? WhyNotPassed(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files, IReadOnlyCollection<string>? expected = null)
    {
        ReportedTests reported;
        try
        {
            reported = Read(format, files);
        }
        catch (InvalidDataException ex)
        {
            return $"the test report is missing or unreadable: {ex.Message}";
        }

        if (reported.Tests.Count == 0)
        {
            return "the test report lists no tests";
        }

        if (reported.Tests.Count < reported.Claimed)
        {
            return $"the test report lists {reported.Tests.Count} tests but its summary claims {reported.Claimed}";
        }

        var failed = reported.Tests.Where(t => t.Outcome == TestOutcome.Failed).Select(t => t.Name).ToList();
        if (failed.Count > 0)
        {
            return $"{failed.Count} of {reported.Tests.Count} tests did not pass: {Names(failed)}";
        }

        var passed = reported.Tests.Where(t => t.Passed).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (passed.Count == 0)
        {
            return $"the test report shows no test passed ({reported.Tests.Count} skipped)";
        }

        // An early exit or a report rewritten by the code under test can be complete in itself and all passed, yet short.
        var missing = (expected ?? []).Where(t => !passed.Contains(t)).ToList();
        return missing.Count > 0
            ? $"{missing.Count} of the {expected!.Count} tests the gold patch passes at verification are not reported as passed: {Names(missing)}"
            : null;
    }

    internal static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown).Select(n => n.Length > 120 ? n[..120] + "…" : n)) + (names.Count > NamesShown ? ", …" : "");
}
