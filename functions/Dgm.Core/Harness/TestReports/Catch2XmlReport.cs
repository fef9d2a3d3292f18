using System.Globalization;
using System.Xml.Linq;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads Catch2's XML reporter (<c>-r xml</c>): each <c>TestCase</c> passed when its <c>OverallResult</c> says so; the
/// claimed count is the run's final <c>OverallResultsCases</c>, which Catch2 writes only when the run ends normally.
/// (Its JUnit reporter counts assertions as tests, so it cannot be checked against its own summary.)
/// </summary>
public static class Catch2XmlReport
{
    public const string FileName = "catch2.xml";

    public static ReportedTests Parse(IReadOnlyDictionary<string, byte[]> files)
    {
        var root = ReportFiles.LoadXml(FileName, ReportFiles.Require(files, FileName));
        var cases = root.Element("OverallResultsCases") ?? throw new InvalidDataException($"{FileName}: no final OverallResultsCases (the run did not end normally)");
        var tests = root.Descendants("TestCase")
            .Select(c => new ReportedTest((string?)c.Attribute("name") ?? "", (string?)c.Element("OverallResult")?.Attribute("success") == "true" ? TestOutcome.Passed : TestOutcome.Failed))
            .ToList();
        return new ReportedTests(tests, Count(cases, "successes") + Count(cases, "failures") + Count(cases, "expectedFailures"));
    }

    private static int Count(XElement cases, string attribute) =>
        int.TryParse((string?)cases.Attribute(attribute), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidDataException($"{FileName}: OverallResultsCases has no valid '{attribute}'");
}
