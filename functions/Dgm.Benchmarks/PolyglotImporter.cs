using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness;
using Dgm.Jobs.Archives;
using Dgm.Jobs.Files;

namespace Dgm.Benchmarks;

/// <summary>
/// Imports Aider's Polyglot benchmark, <c>&lt;lang&gt;/exercises/practice/&lt;name&gt;/</c>, as the reference harnesses
/// prepare it. <c>.meta/config.json</c> names the files: the solution stubs are what a patch may change, the tests
/// (with their skipped cases enabled) and the read-only editor helpers are hidden and restored for grading, the
/// examples become the gold patch. <c>.docs/</c> is the problem statement; <c>.meta/</c> never reaches the agent.
/// </summary>
public static partial class PolyglotImporter
{
    private sealed record MetaFiles(string[]? Solution, string[]? Test, string[]? Example, string[]? Editor, string[]? Invalidator);

    private sealed record MetaConfig(MetaFiles? Files);

    private static readonly JsonSerializerOptions MetaJson = new(JsonSerializerDefaults.Web);

    /// <summary>Cargo resolves crates offline from Debian's librust-*-dev registry (no crates.io in a sandbox).</summary>
    private const string CargoConfig = """
        [source.crates-io]
        replace-with = "debian"

        [source.debian]
        directory = "/usr/share/cargo/registry"

        [net]
        offline = true
        """;

    public static ImportedSuite Read(string root, string name = "polyglot")
    {
        var tasks = new List<ImportedTask>();
        var problems = new List<string>();
        foreach (var languageDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var language = Path.GetFileName(languageDir);
            var practice = Path.Combine(languageDir, "exercises", "practice");
            if (!Directory.Exists(practice))
            {
                continue;
            }

            if (!PolyglotLanguages.All.TryGetValue(language, out var rules))
            {
                problems.Add($"{languageDir}: language '{language}' is not one of {string.Join(", ", PolyglotLanguages.All.Keys)}; skipped.");
                continue;
            }

            foreach (var exercise in Directory.GetDirectories(practice).Order(StringComparer.Ordinal))
            {
                try
                {
                    tasks.Add(ReadExercise(exercise, rules));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return new ImportedSuite(name, $"Aider Polyglot exercises imported from {root}", tasks, problems);
    }

    private static ImportedTask ReadExercise(string dir, PolyglotLanguage rules)
    {
        RefuseLinks(dir);
        var configPath = Path.Combine(dir, ".meta", "config.json");
        var files = ReadConfig(configPath);
        var slug = Path.GetFileName(dir);
        var solution = NonEmpty(files.Solution, configPath, "files.solution");
        var tests = NonEmpty(files.Test, configPath, "files.test");
        var examples = NonEmpty(files.Example, configPath, "files.example");
        var editor = files.Editor ?? [];
        foreach (var (list, field) in new[] { (solution, "files.solution"), (tests, "files.test"), (examples, "files.example"), (editor, "files.editor") })
        {
            var missing = list.FirstOrDefault(f => !File.Exists(Path.Combine(dir, f)));
            if (missing is not null)
            {
                throw new InvalidDataException($"{configPath}: {field} names '{missing}', which does not exist.");
            }
        }

        var gold = GoldTargets(dir, solution, examples);
        var editable = solution.Union(gold.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        // An editor helper the example replaces is part of the solution; the others are restored as given.
        var readOnly = editor.Where(e => !gold.ContainsKey(e)).ToArray();
        var hidden = tests.Concat(readOnly).Distinct(StringComparer.Ordinal).ToArray();
        var toolchain = new Dictionary<string, string>(rules.Toolchain, StringComparer.Ordinal);
        var testCommand = rules.TestCommand;
        if (rules.Language == "java")
        {
            var classPath = JavaClassPath(Path.Combine(dir, "build.gradle"), toolchain);
            testCommand = $"export DGM_JAVA_CLASSPATH='{string.Join(':', classPath)}' && {testCommand}";
        }
        else if (rules.Language == "cpp")
        {
            testCommand = $"export DGM_EXERCISE='{slug}' && {testCommand}";
        }

        // Exercism marks an exercise whose tests the student writes (go/counter) with .meta/.skip_tests: it has no tests
        // to report, so it is graded as the reference grades every exercise, by the test command's exit code.
        var reportFormat = File.Exists(Path.Combine(dir, ".meta", ".skip_tests")) ? TestReportFormat.None : rules.TestReport;

        using var stage = new StagedExercise(dir);
        Prepare(stage, rules.Language, slug, tests);
        var task = new BenchmarkTask
        {
            Id = $"{rules.Language}-{slug}",
            Language = rules.Language,
            Kind = "exercise",
            Toolchain = [.. toolchain.Keys],
            ToolchainProviders = toolchain,
            TestCommand = testCommand,
            TestReport = reportFormat,
            TestHint = rules.TestHint,
            EditablePaths = editable,
            ProtectedPaths = [.. hidden, .. files.Invalidator ?? [], .. rules.Hooks],
            ProblemStatement = ProblemStatement(dir, editable),
            HiddenTests = HiddenTestsFormat.Files,
            HasGoldPatch = true,
        };
        var goldPatch = WholeFileDiff.Of(gold.Select(g => (g.Key, ReadOrNull(stage.Path, g.Key), (string?)File.ReadAllText(Path.Combine(dir, g.Value)))));
        var testSet = tests.ToHashSet(StringComparer.Ordinal);
        return new ImportedTask(
            task,
            TarPacker.Pack(stage.Path, testSet.Contains),
            TarPacker.PackFiles(stage.Path, hidden),
            HiddenPatch: null,
            goldPatch);
    }

    /// <summary>
    /// The exercise is read from a clone the user points at and copied into the suite; a symlink in it would carry
    /// whatever it points at on the host, so an exercise with one is skipped with the link named.
    /// </summary>
    private static void RefuseLinks(string dir)
    {
        var link = FileStat.Lstat(dir) is { Kind: FileKind.Symlink } ? dir : TreeWalk.Below(dir).FirstOrDefault(e => e.Stat.Kind == FileKind.Symlink).Path;
        if (link is not null)
        {
            throw new InvalidDataException($"{link} is a symlink (to '{new FileInfo(link).LinkTarget}'); exercises are imported without links so nothing outside them is read.");
        }
    }

    private static MetaFiles ReadConfig(string configPath)
    {
        if (!File.Exists(configPath))
        {
            throw new InvalidDataException($"{configPath} does not exist.");
        }

        try
        {
            var config = JsonSerializer.Deserialize<MetaConfig>(File.ReadAllBytes(configPath), MetaJson)
                ?? throw new InvalidDataException($"{configPath} is empty.");
            return config.Files ?? throw new InvalidDataException($"{configPath}: files is missing.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{configPath}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The reference's prompt (<c>.docs/introduction.md</c>, <c>instructions.md</c>, <c>instructions.append.md</c>)
    /// and which files to change.
    /// </summary>
    private static string ProblemStatement(string dir, string[] editable)
    {
        var statement = new StringBuilder();
        foreach (var doc in new[] { "introduction.md", "instructions.md", "instructions.append.md" })
        {
            var path = Path.Combine(dir, ".docs", doc);
            if (File.Exists(path))
            {
                statement.Append(File.ReadAllText(path)).Append("\n\n");
            }
        }

        if (!File.Exists(Path.Combine(dir, ".docs", "instructions.md")))
        {
            throw new InvalidDataException($"{Path.Combine(dir, ".docs", "instructions.md")} does not exist.");
        }

        statement.Append($"Change only {string.Join(", ", editable)}; changes to any other file are discarded before grading. ");
        statement.Append("Keep the names of existing functions and classes: the hidden tests use them. Use only the standard library.\n");
        return statement.ToString();
    }

    /// <summary>
    /// Where each example file goes: onto the solution file of the same name, else onto a solution file of the same
    /// extension that no example took (C++'s <c>example.h</c>, Rust's <c>example.rs</c>), else beside the solution as
    /// a new file of its own name (Java's helper classes). Rust's <c>.meta/Cargo-example.toml</c> is the reference's
    /// Cargo.toml. Returns workspace path → example path.
    /// </summary>
    private static Dictionary<string, string> GoldTargets(string dir, string[] solution, string[] examples)
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (var example in examples)
        {
            var same = solution.FirstOrDefault(s => Path.GetFileName(s) == Path.GetFileName(example));
            if (same is null)
            {
                pending.Add(example);
            }
            else
            {
                targets[same] = example;
            }
        }

        foreach (var example in pending)
        {
            var extension = Path.GetExtension(example);
            var free = solution.FirstOrDefault(s => Path.GetExtension(s) == extension && !targets.ContainsKey(s));
            var beside = solution.FirstOrDefault(s => Path.GetExtension(s) == extension);
            var target = free ?? (beside is null ? Path.GetFileName(example) : Path.Combine(Path.GetDirectoryName(beside)!, Path.GetFileName(example)).Replace('\\', '/'));
            targets[target] = example;
        }

        if (File.Exists(Path.Combine(dir, ".meta", "Cargo-example.toml")) && solution.Contains("Cargo.toml"))
        {
            targets["Cargo.toml"] = ".meta/Cargo-example.toml";
        }

        return targets;
    }

    /// <summary>Per-language preparation of the staged copy, as the reference harnesses do before a run.</summary>
    private static void Prepare(StagedExercise stage, string language, string slug, string[] tests)
    {
        switch (language)
        {
            case "cpp":
                // The CMakeLists.txt names the build after its folder, and the workspace folder is not the exercise's.
                stage.Rewrite("CMakeLists.txt", text => CMakeExerciseName().Replace(text, $"set(exercise \"{slug}\")"));
                break;
            case "rust":
                stage.Write(".cargo/config.toml", CargoConfig + "\n");
                break;
            case "javascript":
                // Aider's npm-test.sh: every xtest runs.
                foreach (var test in tests)
                {
                    stage.Rewrite(test, text => XTest().Replace(text, "test("));
                }

                break;
            case "java":
                // Aider removes @Disabled so that every test runs (the bare form included).
                foreach (var test in tests)
                {
                    stage.Rewrite(test, text => JavaDisabled().Replace(text, ""));
                }

                break;
        }
    }

    /// <summary>
    /// The jars for the exercise's build.gradle dependencies (Debian's packages of them); a dependency Debian does not
    /// package becomes a toolchain entry that is never available, so the task is skipped and says what is missing.
    /// </summary>
    private static List<string> JavaClassPath(string buildGradle, Dictionary<string, string> toolchain)
    {
        var classPath = new List<string>(PolyglotLanguages.JavaTestJars);
        var text = File.Exists(buildGradle) ? File.ReadAllText(buildGradle) : "";
        foreach (Match dependency in GradleDependency().Matches(text))
        {
            var (group, artifact) = (dependency.Groups["group"].Value, dependency.Groups["artifact"].Value);
            switch ($"{group}:{artifact}")
            {
                case "org.junit:junit-bom" or "org.junit.jupiter:junit-jupiter":
                    break;
                case "org.assertj:assertj-core":
                    classPath.Add("/usr/share/java/assertj-core.jar");
                    toolchain["/usr/share/java/assertj-core.jar"] = "Debian libassertj-core-java";
                    break;
                case "org.json:json":
                    classPath.Add("/usr/share/java/json-latest.jar");
                    toolchain["/usr/share/java/json-latest.jar"] = "Debian libandroid-json-org-java";
                    break;
                default:
                    toolchain[$"maven:{dependency.Groups["coordinates"].Value}"] = "not packaged by Debian";
                    break;
            }
        }

        return classPath;
    }

    private static string? ReadOrNull(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string[] NonEmpty(string[]? list, string file, string field) =>
        list is { Length: > 0 } ? list : throw new InvalidDataException($"{file}: {field} must list at least one file.");

    [GeneratedRegex(@"get_filename_component\(\s*exercise\s+\$\{CMAKE_CURRENT_SOURCE_DIR\}\s+NAME\s*\)")]
    private static partial Regex CMakeExerciseName();

    [GeneratedRegex(@"\bxtest\(")]
    private static partial Regex XTest();

    [GeneratedRegex(@"^[ \t]*@Disabled(\([^)]*\))?[ \t]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex JavaDisabled();

    [GeneratedRegex("""["'](?<coordinates>(?<group>[\w.-]+):(?<artifact>[\w.-]+)(:[\w.-]+)?)["']""")]
    private static partial Regex GradleDependency();

    /// <summary>A scratch copy of an exercise without <c>.meta/</c> and <c>.docs/</c>, where the preparation happens.</summary>
    private sealed class StagedExercise : IDisposable
    {
        public StagedExercise(string source)
        {
            Path = Directory.CreateTempSubdirectory("dgm-polyglot-").FullName;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var relative = System.IO.Path.GetRelativePath(source, file).Replace('\\', '/');
                if (relative.Split('/')[0] is ".meta" or ".docs" or ".exercism")
                {
                    continue;
                }

                var destination = System.IO.Path.Combine(Path, relative);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        public string Path { get; }

        public void Rewrite(string relative, Func<string, string> change)
        {
            var path = System.IO.Path.Combine(Path, relative);
            if (File.Exists(path))
            {
                File.WriteAllText(path, change(File.ReadAllText(path)));
            }
        }

        public void Write(string relative, string content)
        {
            var path = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
