using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads JUnit XML files (pytest, the JUnit console launcher, node's test runner, the starter suite's own harnesses):
/// every <c>testcase</c> passed unless it holds a failure, error or skipped element; the claimed count is the sum of the
/// innermost <c>testsuite</c>s' <c>tests</c>, plus, for cases directly under the root <c>testsuites</c> (node's
/// <c>--test-reporter=junit</c>), the root's <c>tests</c> attribute or node's <c>&lt;!-- tests N --&gt;</c> summary.
/// </summary>
public static partial class JUnitXmlReport
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
                tests.AddRange(Cases(suite));
            }

            if (root.Name.LocalName == "testsuites" && Cases(root).ToList() is { Count: > 0 } cases)
            {
                claimed += RootCount(name, root) - root.Descendants("testsuite").Where(s => !s.Elements("testsuite").Any()).Sum(s => Count(name, s));
                tests.AddRange(cases);
            }
        }

        return new ReportedTests(tests, claimed);
    }

    private static IEnumerable<ReportedTest> Cases(XElement parent) =>
        parent.Elements("testcase").Select(c => new ReportedTest(
            $"{(string?)c.Attribute("classname")}.{(string?)c.Attribute("name")}",
            c.Elements().Any(e => e.Name.LocalName is "failure" or "error") ? TestOutcome.Failed
            : c.Elements().Any(e => e.Name.LocalName is "skipped") ? TestOutcome.Skipped
            : TestOutcome.Passed));

    private static int Count(string name, XElement suite) =>
        int.TryParse((string?)suite.Attribute("tests"), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidDataException($"{name}: testsuite '{(string?)suite.Attribute("name")}' has no valid 'tests' count");

    /// <summary>All the tests the root claims, nested suites included.</summary>
    private static int RootCount(string name, XElement root)
    {
        var text = (string?)root.Attribute("tests")
            ?? root.Nodes().OfType<XComment>().Select(c => NodeTests().Match(c.Value)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidDataException($"{name}: testsuites lists test cases but claims no valid 'tests' count");
    }

    [GeneratedRegex(@"^\s*tests (\d+)\s*$")]
    private static partial Regex NodeTests();
}
