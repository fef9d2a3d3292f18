using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads Rust libtest's console output (<c>cargo test</c>): the <c>test name ... ok</c> lines and, per test binary,
/// the <c>running N tests</c> announcement and the <c>test result:</c> summary. The three must agree: a binary that
/// ended early (its summary missing, or fewer result lines than it announced) makes the report unreadable.
/// </summary>
public static partial class LibtestReport
{
    public const string FileName = "libtest.txt";

    public static ReportedTests Parse(IReadOnlyDictionary<string, byte[]> files)
    {
        var content = ReportFiles.Require(files, FileName);

        var tests = new List<ReportedTest>();
        int announced = 0, binaries = 0, summaries = 0, summarized = 0, summarizedPassed = 0;
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (Running().Match(line) is { Success: true } running)
            {
                announced += int.Parse(running.Groups[1].Value, CultureInfo.InvariantCulture);
                binaries++;
            }
            else if (Result().Match(line) is { Success: true } result)
            {
                tests.Add(new ReportedTest(result.Groups[1].Value, result.Groups[2].Value == "ok" ? TestOutcome.Passed : result.Groups[2].Value == "FAILED" ? TestOutcome.Failed : TestOutcome.Skipped));
            }
            else if (Summary().Match(line) is { Success: true } summary)
            {
                var counts = Enumerable.Range(1, 4).Select(g => int.Parse(summary.Groups[g].Value, CultureInfo.InvariantCulture)).ToArray();
                summarizedPassed += counts[0];
                summarized += counts.Sum();
                summaries++;
            }
        }

        if (binaries != summaries || announced != tests.Count || summarized != tests.Count || summarizedPassed != tests.Count(t => t.Passed))
        {
            throw new InvalidDataException(
                $"{FileName}: the output does not agree with itself ({binaries} test binaries started, {summaries} summaries; {announced} tests announced, {tests.Count} reported, {summarized} summarized, {summarizedPassed} summarized as passed)");
        }

        return new ReportedTests(tests, announced);
    }

    [GeneratedRegex(@"^running (\d+) tests?$")]
    private static partial Regex Running();

    [GeneratedRegex(@"^test (.+) \.\.\. (ok|FAILED|ignored.*)$")]
    private static partial Regex Result();

    [GeneratedRegex(@"^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored; (\d+) measured;")]
    private static partial Regex Summary();
}
