using System.Text;
using System.Text.RegularExpressions;
using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness.TestReports;

/// <summary>
/// Reads a SWE-bench test command's console output the way the official harness's log parser for the task's
/// repository does, so that a test id means what the dataset's FAIL_TO_PASS and PASS_TO_PASS lists mean (ids cut at
/// the first space, Django's docstring lines, sympy's bare names). The harness's statuses map to outcomes: PASSED and
/// XFAIL pass, FAILED and ERROR fail, SKIPPED and any other word is neither; a later line about a test wins. The log
/// makes no claim of its own, so the claimed count is the number of tests found.
/// </summary>
public static partial class SweBenchLogReport
{
    public const string FileName = "test_output.txt";

    private static readonly string[] Statuses = ["FAILED", "PASSED", "SKIPPED", "ERROR", "XFAIL"];

    public static ReportedTests Parse(TestReportFormat format, IReadOnlyDictionary<string, byte[]> files)
    {
        var log = Encoding.UTF8.GetString(ReportFiles.Require(files, FileName));
        var statuses = format switch
        {
            TestReportFormat.SweBenchPytest => Pytest(log, key => key),
            TestReportFormat.SweBenchPytestOptions => Pytest(log, WithShortPathOption),
            TestReportFormat.SweBenchMatplotlib => Pytest(log.Replace("MouseButton.LEFT", "1", StringComparison.Ordinal).Replace("MouseButton.RIGHT", "3", StringComparison.Ordinal), key => key),
            TestReportFormat.SweBenchPytestV2 => PytestV2(log),
            TestReportFormat.SweBenchSeaborn => Seaborn(log),
            TestReportFormat.SweBenchDjango => Django(log),
            TestReportFormat.SweBenchSympy => Sympy(log),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a SWE-bench log format"),
        };
        var tests = statuses.Select(s => new ReportedTest(s.Key, Outcome(s.Value))).ToList();
        return new ReportedTests(tests, tests.Count);
    }

    private static TestOutcome Outcome(string status) => status switch
    {
        "PASSED" or "XFAIL" => TestOutcome.Passed,
        "FAILED" or "ERROR" => TestOutcome.Failed,
        _ => TestOutcome.Skipped,
    };

    /// <summary><c>STATUS id …</c> lines (pytest's <c>-rA</c> short summary); a failure's <c> - reason</c> is not part of its id.</summary>
    private static Dictionary<string, string> Pytest(string log, Func<string, string> key)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in log.Split('\n'))
        {
            if (StatusFirst(line) is { } tokens)
            {
                map[key(tokens[1])] = tokens[0];
            }
        }

        return map;
    }

    /// <summary>As <see cref="Pytest"/> after removing colour codes and control characters, plus verbose <c>id STATUS</c> lines.</summary>
    private static Dictionary<string, string> PytestV2(string log)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in log.Split('\n'))
        {
            var line = new string(ColourCode().Replace(raw, "").Where(c => c is not (>= '\u0001' and <= '\u001f')).ToArray());
            if (StatusFirst(line) is { } tokens)
            {
                map[tokens[1]] = tokens[0];
            }
            else if (Statuses.Any(s => line.EndsWith(s, StringComparison.Ordinal)) && Words(line) is { Length: >= 2 } last)
            {
                map[last[0]] = last[1];
            }
        }

        return map;
    }

    private static Dictionary<string, string> Seaborn(string log)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in log.Split('\n'))
        {
            var words = Words(line);
            if (line.StartsWith("FAILED", StringComparison.Ordinal))
            {
                if (words.Length >= 2)
                {
                    map[words[1]] = "FAILED";
                }
            }
            else if (line.Contains(" PASSED ", StringComparison.Ordinal))
            {
                if (words.Length >= 2 && words[1] == "PASSED")
                {
                    map[words[0]] = "PASSED";
                }
            }
            else if (line.StartsWith("PASSED", StringComparison.Ordinal) && words.Length >= 2)
            {
                map[words[1]] = "PASSED";
            }
        }

        return map;
    }

    private static Dictionary<string, string> Sympy(string log)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match header in SympyFailureHeader().Matches(log))
        {
            map[$"{header.Groups[2].Value}.py:{header.Groups[3].Value}"] = "FAILED";
        }

        foreach (var raw in log.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith("test_", StringComparison.Ordinal))
            {
                continue;
            }

            var name = Words(line)[0];
            if (line.EndsWith(" E", StringComparison.Ordinal))
            {
                map[name] = "ERROR";
            }

            if (line.EndsWith(" F", StringComparison.Ordinal))
            {
                map[name] = "FAILED";
            }

            if (line.EndsWith(" ok", StringComparison.Ordinal))
            {
                map[name] = "PASSED";
            }
        }

        return map;
    }

    /// <summary>
    /// runtests.py at verbosity 2 prints <c>name (module.Class) ... ok</c>, or the name on one line and the docstring's
    /// first line with the result on the next (then the docstring line is the id); output between a test and its
    /// result puts a bare <c>ok</c> on a later line.
    /// </summary>
    private static Dictionary<string, string> Django(string log)
    {
        const string Version = "--version is equivalent to version";
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var raw in log.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Contains(Version, StringComparison.Ordinal))
            {
                map[Version] = "PASSED";
            }

            if (line.Contains(" ... ", StringComparison.Ordinal))
            {
                previous = Before(line, " ... ");
            }

            foreach (var suffix in (string[])[" ... ok", " ... OK", " ...  OK"])
            {
                if (line.EndsWith(suffix, StringComparison.Ordinal))
                {
                    // A migration's progress line and the test's result share one line in this test.
                    if (line.StartsWith("Applying sites.0002_alter_domain_unique...test_no_migrations", StringComparison.Ordinal))
                    {
                        line = line[(line.IndexOf("...", StringComparison.Ordinal) + 3)..].Trim();
                    }

                    map[line[..line.LastIndexOf(suffix, StringComparison.Ordinal)]] = "PASSED";
                    break;
                }
            }

            if (line.Contains(" ... skipped", StringComparison.Ordinal))
            {
                map[Before(line, " ... skipped")] = "SKIPPED";
            }

            if (line.EndsWith(" ... FAIL", StringComparison.Ordinal))
            {
                map[Before(line, " ... FAIL")] = "FAILED";
            }

            if (line.StartsWith("FAIL:", StringComparison.Ordinal) && Words(line) is { Length: >= 2 } failed)
            {
                map[failed[1]] = "FAILED";
            }

            if (line.EndsWith(" ... ERROR", StringComparison.Ordinal))
            {
                map[Before(line, " ... ERROR")] = "ERROR";
            }

            if (line.StartsWith("ERROR:", StringComparison.Ordinal) && Words(line) is { Length: >= 2 } errored)
            {
                map[errored[1]] = "ERROR";
            }

            if (line.StartsWith("ok", StringComparison.Ordinal) && previous is not null)
            {
                map[previous] = "PASSED";
            }
        }

        // Tests whose own output (a warning, a logged server error) sits between the name and a bare "ok".
        foreach (var pattern in (Regex[])[DjangoInstalledIn(), DjangoServerError(), DjangoNoIssues()])
        {
            foreach (Match match in pattern.Matches(log))
            {
                map[match.Groups[1].Value] = "PASSED";
            }
        }

        return map;
    }

    /// <summary>The words of a line that starts with a status word, when there are at least two (status and id).</summary>
    private static string[]? StatusFirst(string line)
    {
        if (!Statuses.Any(s => line.StartsWith(s, StringComparison.Ordinal)))
        {
            return null;
        }

        var words = Words(line.StartsWith("FAILED", StringComparison.Ordinal) ? line.Replace(" - ", " ", StringComparison.Ordinal) : line);
        return words.Length >= 2 ? words : null;
    }

    /// <summary>A parameter that is an absolute path keeps only its last segment (it differs between machines).</summary>
    private static string WithShortPathOption(string key)
    {
        if (Parameterized().Match(key) is not { Success: true } match)
        {
            return key;
        }

        var option = match.Groups[2].Value;
        if (option.StartsWith('/') && !option.StartsWith("//", StringComparison.Ordinal) && !option.Contains('*', StringComparison.Ordinal))
        {
            option = "/" + option.Split('/')[^1];
        }

        return $"{match.Groups[1].Value}[{option}]";
    }

    private static string[] Words(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Before(string line, string separator) => line[..line.IndexOf(separator, StringComparison.Ordinal)];

    [GeneratedRegex(@"\[(\d+)m")]
    private static partial Regex ColourCode();

    [GeneratedRegex(@"^(.*?)\[(.*)\]")]
    private static partial Regex Parameterized();

    [GeneratedRegex(@"(_*) (.*)\.py:(.*) (_*)")]
    private static partial Regex SympyFailureHeader();

    [GeneratedRegex(@"^(.*?)\s\.\.\.\sTesting\ against\ Django\ installed\ in\ ((?s:.*?))\ silenced\)\.\nok$", RegexOptions.Multiline)]
    private static partial Regex DjangoInstalledIn();

    [GeneratedRegex(@"^(.*?)\s\.\.\.\sInternal\ Server\ Error:\ \/(.*)\/\nok$", RegexOptions.Multiline)]
    private static partial Regex DjangoServerError();

    [GeneratedRegex(@"^(.*?)\s\.\.\.\sSystem check identified no issues \(0 silenced\)\nok$", RegexOptions.Multiline)]
    private static partial Regex DjangoNoIssues();
}
