using System.Text;
using System.Text.Json;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads <c>go test -json</c>'s events: a test passed when its last event is <c>pass</c> (one that started and never
/// ended did not); a package whose own last event is <c>fail</c> counts as a failed test. The claimed count is the
/// number of tests that started (<c>run</c> events).
/// </summary>
public static class GoTestJsonReport
{
    public const string FileName = "go-test.json";

    public static ReportedTests Parse(IReadOnlyDictionary<string, byte[]> files)
    {
        var content = ReportFiles.Require(files, FileName);

        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var started = new HashSet<string>(StringComparer.Ordinal);
        var failedPackages = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n').Where(l => l.StartsWith('{')))
        {
            var (action, package, test) = Event(line);
            if (test is null)
            {
                if (action == "fail")
                {
                    failedPackages.Add(package);
                }

                continue;
            }

            var name = $"{package}.{test}";
            if (action == "run")
            {
                started.Add(name);
            }

            if (action is "run" or "pass" or "fail" or "skip")
            {
                last[name] = action;
            }
        }

        var tests = last.Select(t => new ReportedTest(t.Key, t.Value switch { "pass" => TestOutcome.Passed, "skip" => TestOutcome.Skipped, _ => TestOutcome.Failed }))
            .Concat(failedPackages.Select(p => new ReportedTest($"{p} (package)", TestOutcome.Failed)))
            .ToList();
        return new ReportedTests(tests, started.Count + failedPackages.Count);
    }

    private static (string Action, string Package, string? Test) Event(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return (root.GetProperty("Action").GetString() ?? "",
                root.TryGetProperty("Package", out var package) ? package.GetString() ?? "" : "",
                root.TryGetProperty("Test", out var test) ? test.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{FileName}: not a go test -json event: {Clip(line)} ({ex.Message})", ex);
        }
    }

    private static string Clip(string line) => line.Length > 120 ? line[..120] + "…" : line;
}
