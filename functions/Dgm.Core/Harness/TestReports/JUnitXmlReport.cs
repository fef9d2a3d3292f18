using System.Globalization;
using System.Xml.Linq;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads JUnit XML files (pytest, the JUnit console launcher): every <c>testcase</c> passed unless it holds a
/// failure, error or skipped element; the claimed count is the sum of the innermost <c>testsuite</c>s' <c>tests</c>.
/// </summary>
public static class JUnitXmlReport
{
    public static ReportedTests Parse(IReadOnlyDictionary<string, byte[]> files)
    {
        var tests = new List<ReportedTest>();
        var claimed = 0;
        foreach (var (name, content) in files.Where(f => f.Key.EndsWith(".xml", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var root = ReportFiles.LoadXml(name, content);
            if (root.Name.LocalName is not ("testsuites" or "testsuite"))
            {
                // The JUnit console launcher also writes its open-test-reporting file beside the legacy XML.
                continue;
            }

            foreach (var suite in root.DescendantsAndSelf("testsuite").Where(s => !s.Elements("testsuite").Any()))
            {
                claimed += Count(name, suite);
                tests.AddRange(suite.Elements("testcase").Select(c => new ReportedTest(
                    $"{(string?)c.Attribute("classname")}.{(string?)c.Attribute("name")}",
                    !c.Elements().Any(e => e.Name.LocalName is "failure" or "error" or "skipped"))));
            }
        }

        return new ReportedTests(tests, claimed);
    }

    private static int Count(string name, XElement suite) =>
        int.TryParse((string?)suite.Attribute("tests"), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidDataException($"{name}: testsuite '{(string?)suite.Attribute("name")}' has no valid 'tests' count");
}
