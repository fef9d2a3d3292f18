using System.Text.Json;
using Dgm.Core;
using Dgm.Core.Benchmarks;
using Dgm.Jobs.Archives;
using Dgm.Jobs.Files;

namespace Dgm.Benchmarks;

/// <summary>Reads a suite in our own folder format (benchmarks/README.md): suite.json and tasks/&lt;id&gt;/{task.json, problem.md, workspace/, hidden/, gold.diff}.</summary>
public static class FolderSuiteReader
{
    private sealed record SuiteFile(string Name, string Description = "", int Version = 1);

    private static readonly string[] TaskEntries = ["task.json", "problem.md", "workspace", "hidden", "gold.diff"];

    public static ImportedSuite Read(string folder, string? name = null)
    {
        var suiteFile = Path.Combine(folder, "suite.json");
        if (!File.Exists(suiteFile))
        {
            throw new FileNotFoundException($"{suiteFile} does not exist: a suite folder needs a suite.json.", suiteFile);
        }

        var suite = DgmJson.Deserialize<SuiteFile>(File.ReadAllBytes(suiteFile), suiteFile);
        var tasks = new List<ImportedTask>();
        var problems = new List<string>();
        var taskRoot = Path.Combine(folder, "tasks");
        foreach (var dir in Directory.Exists(taskRoot) ? Directory.GetDirectories(taskRoot).Order(StringComparer.Ordinal).ToArray() : [])
        {
            try
            {
                tasks.Add(ReadTask(dir));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException)
            {
                problems.Add(ex.Message);
            }
        }

        return new ImportedSuite(name ?? suite.Name, suite.Description, tasks, problems);
    }

    private static ImportedTask ReadTask(string dir)
    {
        // Links inside workspace/ and hidden/ are packed as links; these paths themselves would be read through.
        foreach (var path in TaskEntries.Select(f => Path.Combine(dir, f)).Prepend(dir))
        {
            Require(FileStat.Lstat(path) is not { Kind: FileKind.Symlink }, path, "", $"is a symlink (to '{new FileInfo(path).LinkTarget}'); a task's own files must be inside its folder");
        }

        var taskFile = Path.Combine(dir, "task.json");
        if (!File.Exists(taskFile))
        {
            throw new InvalidDataException($"{taskFile} does not exist.");
        }

        var task = DgmJson.Deserialize<BenchmarkTask>(File.ReadAllBytes(taskFile), taskFile);
        Require(task.Id == Path.GetFileName(dir), taskFile, "id", $"must equal the folder name '{Path.GetFileName(dir)}', got '{task.Id}'");
        Require(!string.IsNullOrWhiteSpace(task.Language), taskFile, "language", "must not be empty");
        Require(!string.IsNullOrWhiteSpace(task.TestCommand), taskFile, "testCommand", "must not be empty");
        Require(task.Timeouts.AgentSeconds > 0 && task.Timeouts.TestSeconds > 0, taskFile, "timeouts", "must be positive");

        var problem = Path.Combine(dir, "problem.md");
        var workspace = Path.Combine(dir, "workspace");
        Require(File.Exists(problem), problem, "", "is missing");
        Require(Directory.Exists(workspace), workspace, "", "is missing");
        var hidden = Path.Combine(dir, "hidden");
        var gold = Path.Combine(dir, "gold.diff");

        return new ImportedTask(
            task with
            {
                ProblemStatement = File.ReadAllText(problem),
                HiddenTests = Directory.Exists(hidden) ? HiddenTestsFormat.Files : HiddenTestsFormat.None,
                HasGoldPatch = File.Exists(gold),
            },
            TarPacker.Pack(workspace),
            Directory.Exists(hidden) ? TarPacker.Pack(hidden) : null,
            HiddenPatch: null,
            File.Exists(gold) ? File.ReadAllText(gold) : null);
    }

    private static void Require(bool condition, string file, string field, string message)
    {
        if (!condition)
        {
            throw new InvalidDataException(field.Length == 0 ? $"{file} {message}" : $"{file}: {field} {message}");
        }
    }
}
