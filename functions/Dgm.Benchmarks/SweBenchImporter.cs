using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness.TestReports;
using Dgm.Jobs;

namespace Dgm.Benchmarks;

/// <summary>
/// Imports SWE-bench instances from the official JSONL (SWE-bench, Lite, Verified: <c>instance_id, repo, version,
/// base_commit, problem_statement, test_patch, FAIL_TO_PASS, PASS_TO_PASS</c>, optional gold <c>patch</c>). The
/// repository lives in the instance's image (<c>swebench/sweb.eval.x86_64.&lt;id with __ as _1776_&gt;</c>, at /testbed),
/// so these tasks run only in a container sandbox. Grading follows the harness's eval script: the testbed conda
/// environment activated, the package reinstalled, the test patch applied over the patched repository, then the
/// repository's test command on the files the test patch touches, its log read by the repository's parser.
/// </summary>
public static class SweBenchImporter
{
    /// <summary>The reference's solve limit (9 hours) and the harness's evaluation timeout (30 minutes).</summary>
    private static readonly TaskTimeouts ReferenceTimeouts = new() { AgentSeconds = 32400, TestSeconds = 1800 };

    private static readonly string[] Required = ["instance_id", "repo", "version", "base_commit", "problem_statement", "test_patch", "FAIL_TO_PASS", "PASS_TO_PASS"];

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

        var repo = Text(instance, "repo", where);
        var version = Text(instance, "version", where);
        var spec = SweBenchSpecs.Find(repo, version)
            ?? throw new InvalidDataException($"{where}: {id}: the SWE-bench harness has no test command for {repo} version {version}.");
        var directives = SweBenchSpecs.TestDirectives(repo, testPatch);
        if (directives.Count == 0)
        {
            throw new InvalidDataException($"{where}: {id}: test_patch touches no test file to run.");
        }

        var gold = instance["patch"]?.GetValue<string>();
        var task = new BenchmarkTask
        {
            Id = id.Replace("__", "-", StringComparison.Ordinal),
            Language = "python",
            Kind = repo,
            TestSetup = string.Join('\n', ["source /opt/miniconda3/bin/activate", "conda activate testbed", .. spec.EvalCommands, spec.Install]),
            TestCommand = $"{string.Join(' ', [spec.TestCommand, .. directives.Select(Quoted)])} 2>&1 | tee \"${JobVariables.ReportDirectory}/{SweBenchLogReport.FileName}\"",
            TestReport = spec.Log,
            FailToPass = failToPass,
            PassToPass = passToPass,
            TestHint = TestHint(repo, spec),
            Timeouts = ReferenceTimeouts,
            ProtectedPaths = ChangedFiles(testPatch),
            Image = ImageFor(id),
            ImageWorkspace = "/testbed",
            ImageEnvironment = "/opt/miniconda3/envs/testbed",
            ProblemStatement = Text(instance, "problem_statement", where),
            HiddenTests = HiddenTestsFormat.Patch,
            HasGoldPatch = gold is not null,
        };
        return new ImportedTask(task, Workspace: null, Hidden: null, testPatch, gold);
    }

    /// <summary>
    /// The repository's exact test command, as the reference tells its agent (its shell needs the environment the
    /// image's login shell would activate); Django takes module labels, not paths.
    /// </summary>
    private static string TestHint(string repo, SweBenchSpec spec) =>
        $"Run the repository's tests with the bash command `source /opt/miniconda3/bin/activate && conda activate testbed && cd /testbed && {spec.TestCommand} <specific test files>`; "
        + "without specific test files it runs every test. Use exactly these command-line options and no others."
        + (repo == "django/django" ? " Name a test file by its module label: tests/some_folder/some_file.py is some_folder.some_file." : "");

    /// <summary>Directives are written as the harness writes them; one with a character the shell would read is quoted.</summary>
    private static string Quoted(string directive) =>
        directive.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:+=,@%".Contains(c, StringComparison.Ordinal))
            ? directive
            : "'" + directive.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
