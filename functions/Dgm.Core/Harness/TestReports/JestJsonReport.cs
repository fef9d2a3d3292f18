using System.Text.Json;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads Jest's <c>--json</c> report: each assertion result is a test; a test file that failed to run (no assertion
/// results, status failed) counts as one failed test; the claimed count is <c>numTotalTests</c>.
/// </summary>
public static class JestJsonReport
{
    public const string FileName = "jest.json";

    public static ReportedTests Parse(IReadOnlyDictionary<string, byte[]> files)
    {
        var content = ReportFiles.Require(files, FileName);

        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            var tests = new List<ReportedTest>();
            foreach (var file in root.GetProperty("testResults").EnumerateArray())
            {
                var path = file.GetProperty("name").GetString();
                var assertions = file.GetProperty("assertionResults");
                if (assertions.GetArrayLength() == 0 && file.GetProperty("status").GetString() != "passed")
                {
                    tests.Add(new ReportedTest($"{path} (did not run)", TestOutcome.Failed));
                }

                tests.AddRange(assertions.EnumerateArray().Select(a => new ReportedTest(
                    $"{path} {a.GetProperty("fullName").GetString()}", Outcome(a.GetProperty("status").GetString()))));
            }

            return new ReportedTests(tests, root.GetProperty("numTotalTests").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{FileName}: not a Jest JSON report ({ex.Message})", ex);
        }
    }

    /// <summary>Jest's statuses: passed, failed, and pending, skipped, todo or disabled for tests it did not run.</summary>
    private static TestOutcome Outcome(string? status) => status switch
    {
        "passed" => TestOutcome.Passed,
        "pending" or "skipped" or "todo" or "disabled" => TestOutcome.Skipped,
        _ => TestOutcome.Failed,
    };
}
