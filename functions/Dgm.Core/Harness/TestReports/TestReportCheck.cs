using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Whether a test runner's report shows a resolved task: it must be readable, non-empty, agree with its own summary,
/// and report every test passed. Anything else is a reason the task is unresolved.
/// </summary>
public static class TestReportCheck
{
    /// <summary>The tests a report lists; <see cref="InvalidDataException"/> when it is missing or unreadable.</summary>
    public static ReportedTests Read(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files) => format switch
    {
        TestReportFormat.JunitXml => JUnitXmlReport.Parse(files),
        TestReportFormat.JestJson => JestJsonReport.Parse(files),
        TestReportFormat.GoTestJson => GoTestJsonReport.Parse(files),
        TestReportFormat.Libtest => LibtestReport.Parse(files),
        TestReportFormat.Catch2Xml => Catch2XmlReport.Parse(files),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "no report to read"),
    };

    /// <summary>Null when the report shows every test passed; otherwise why not.</summary>
    public static string? WhyNotPassed(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files)
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

        var failed = reported.Tests.Where(t => !t.Passed).Select(t => t.Name).ToList();
        return failed.Count > 0
            ? $"{failed.Count} of {reported.Tests.Count} tests did not pass: {string.Join(", ", failed.Take(5))}{(failed.Count > 5 ? ", …" : "")}"
            : null;
    }
}
