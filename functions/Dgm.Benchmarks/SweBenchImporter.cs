using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Core.Benchmarks;

namespace Dgm.Benchmarks;

/// <summary>
/// Imports SWE-bench instances from JSONL (<c>instance_id, repo, base_commit, problem_statement, test_patch,
/// FAIL_TO_PASS, PASS_TO_PASS</c>, optional gold <c>patch</c>). The repository lives in the instance's image
/// (<c>swebench/sweb.eval.x86_64.&lt;id with __ as _1776_&gt;</c>, at /testbed), so these tasks run only in a container sandbox.
/// </summary>
public static class SweBenchImporter
{
    private static readonly string[] Required = ["instance_id", "repo", "base_commit", "problem_statement", "test_patch", "FAIL_TO_PASS", "PASS_TO_PASS"];

    public static ImportedSuite Read(string jsonlPath, string name = "swebench")
    {
        var tasks = new List<ImportedTask>();
        var problems = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(jsonlPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                tasks.Add(ReadInstance(line, $"{jsonlPath}:{lineNumber}"));
            }
            catch (InvalidDataException ex)
            {
                problems.Add(ex.Message);
            }
        }

        return new ImportedSuite(name, $"SWE-bench instances imported from {jsonlPath}", tasks, problems);
    }

    public static string ImageFor(string instanceId) =>
        $"swebench/sweb.eval.x86_64.{instanceId.Replace("__", "_1776_", StringComparison.Ordinal)}".ToLowerInvariant();

    private static ImportedTask ReadInstance(string line, string where)
    {
        JsonObject instance;
        try
        {
            instance = JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException($"{where}: the line is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: not valid JSON: {ex.Message}", ex);
        }

        var missing = Required.Where(f => instance[f] is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{where}: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing.");
        }

        var id = Text(instance, "instance_id", where);
        var testPatch = Text(instance, "test_patch", where);
        var failToPass = TestList(instance, "FAIL_TO_PASS", where);
        var passToPass = TestList(instance, "PASS_TO_PASS", where);
        if (failToPass.Count == 0)
        {
            throw new InvalidDataException($"{where}: FAIL_TO_PASS lists no test.");
        }

        var gold = instance["patch"]?.GetValue<string>();
        var task = new BenchmarkTask
        {
            Id = id.Replace("__", "-", StringComparison.Ordinal),
            Language = "python",
            Kind = Text(instance, "repo", where),
            TestCommand = TestCommand(Text(instance, "repo", where), [.. failToPass, .. passToPass]),
            TestHint = "run the repository's tests for the code you change",
            Timeouts = new TaskTimeouts { AgentSeconds = 1800, TestSeconds = 1800 },
            ProtectedPaths = ChangedFiles(testPatch),
            Image = ImageFor(id),
            ImageWorkspace = "/testbed",
            ProblemStatement = Text(instance, "problem_statement", where),
            HiddenTests = HiddenTestsFormat.Patch,
            HasGoldPatch = gold is not null,
        };
        return new ImportedTask(task, Workspace: null, Hidden: null, testPatch, gold);
    }

    /// <summary>Runs exactly the instance's FAIL_TO_PASS and PASS_TO_PASS tests: Django through its runner, others through pytest.</summary>
    private static string TestCommand(string repo, IEnumerable<string> tests)
    {
        var quoted = string.Join(' ', tests.Select(t => "'" + t.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return repo == "django/django"
            ? $"./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 {quoted}"
            : $"python -m pytest -rA -p no:cacheprovider {quoted}";
    }

    private static List<string> ChangedFiles(string patch) =>
        patch.Split('\n')
            .Where(l => l.StartsWith("+++ b/", StringComparison.Ordinal) || l.StartsWith("--- a/", StringComparison.Ordinal))
            .Select(l => l[6..].Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string Text(JsonObject instance, string field, string where) =>
        instance[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new InvalidDataException($"{where}: {field} must be a non-empty string.");

    /// <summary>SWE-bench stores test lists as JSON arrays or as strings holding a JSON array.</summary>
    private static List<string> TestList(JsonObject instance, string field, string where)
    {
        var node = instance[field];
        try
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                node = JsonNode.Parse(text);
            }

            return node is JsonArray array
                ? array.Select(t => t!.GetValue<string>()).ToList()
                : throw new InvalidDataException($"{where}: {field} must be a list of test ids.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{where}: {field} must be a list of test ids ({ex.Message}).", ex);
        }
    }
}
