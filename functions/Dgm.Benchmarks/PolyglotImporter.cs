using System.Text;
using System.Text.Json;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness;
using Dgm.Jobs.Archives;

namespace Dgm.Benchmarks;

/// <summary>
/// Imports Aider's Polyglot layout, <c>&lt;lang&gt;/exercises/practice/&lt;name&gt;/</c> with <c>.docs/instructions*.md</c> and
/// <c>.meta/config.json</c> naming the solution, test and example files: the stubs become the workspace, the tests
/// the hidden tests (and protected paths), the example solution the gold patch. Test commands follow the reference
/// harness per language.
/// </summary>
public static class PolyglotImporter
{
    private sealed record LanguageRules(string Language, string TestCommand, string[] Toolchain, string[] BuildFiles);

    private static readonly Dictionary<string, LanguageRules> Languages = new(StringComparer.Ordinal)
    {
        ["python"] = new("python", "pytest", ["pytest"], ["conftest.py", "**/conftest.py", "pytest.ini", "setup.cfg", "pyproject.toml"]),
        ["rust"] = new("rust", "cargo test -- --include-ignored", ["cargo"], ["Cargo.toml", "build.rs", ".cargo/**"]),
        ["go"] = new("go", "go test ./...", ["go"], ["go.mod"]),
        ["javascript"] = new("javascript", "sed -i 's/\\bxtest(/test(/g' *.spec.js && npm test", ["npm"], ["package.json", "babel.config.js", "jest.config.js", ".npmrc"]),
        ["cpp"] = new("cpp", "mkdir -p build && cd build && cmake -DEXERCISM_RUN_ALL_TESTS=1 -G 'Unix Makefiles' .. && make", ["cmake", "make", "g++"], ["CMakeLists.txt"]),
        ["java"] = new("java", "find src/test -name '*.java' -exec sed -i '/@Disabled/d' {} + && if [ -x ./gradlew ]; then ./gradlew test --offline; else gradle test --offline; fi", ["java", "gradle"], ["build.gradle", "settings.gradle", "gradlew", "gradle/**"]),
    };

    private sealed record MetaFiles(string[]? Solution, string[]? Test, string[]? Example);

    private sealed record MetaConfig(MetaFiles? Files);

    private static readonly JsonSerializerOptions MetaJson = new(JsonSerializerDefaults.Web);

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

            if (!Languages.TryGetValue(language, out var rules))
            {
                problems.Add($"{languageDir}: language '{language}' is not one of {string.Join(", ", Languages.Keys)}; skipped.");
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

    private static ImportedTask ReadExercise(string dir, LanguageRules rules)
    {
        var configPath = Path.Combine(dir, ".meta", "config.json");
        if (!File.Exists(configPath))
        {
            throw new InvalidDataException($"{configPath} does not exist.");
        }

        MetaConfig config;
        try
        {
            config = JsonSerializer.Deserialize<MetaConfig>(File.ReadAllBytes(configPath), MetaJson)
                ?? throw new InvalidDataException($"{configPath} is empty.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{configPath}: {ex.Message}", ex);
        }

        var files = config.Files ?? throw new InvalidDataException($"{configPath}: files is missing.");
        var solution = NonEmpty(files.Solution, configPath, "files.solution");
        var tests = NonEmpty(files.Test, configPath, "files.test");
        var examples = NonEmpty(files.Example, configPath, "files.example");
        foreach (var (list, field) in new[] { (solution, "files.solution"), (tests, "files.test"), (examples, "files.example") })
        {
            var missing = list.FirstOrDefault(f => !File.Exists(Path.Combine(dir, f)));
            if (missing is not null)
            {
                throw new InvalidDataException($"{configPath}: {field} names '{missing}', which does not exist.");
            }
        }

        var instructions = new StringBuilder();
        foreach (var doc in new[] { "introduction.md", "instructions.md", "instructions.append.md" })
        {
            var path = Path.Combine(dir, ".docs", doc);
            if (File.Exists(path))
            {
                instructions.Append(File.ReadAllText(path)).Append("\n\n");
            }
        }

        if (instructions.Length == 0)
        {
            throw new InvalidDataException($"{Path.Combine(dir, ".docs")}: no instructions.md.");
        }

        instructions.Append($"Use the files {string.Join(", ", solution)}; keep the existing names and signatures so the tests can use them.\n");
        var testSet = tests.ToHashSet(StringComparer.Ordinal);
        var id = $"{rules.Language}-{Path.GetFileName(dir)}";
        var gold = WholeFileDiff.Of(GoldFiles(dir, solution, examples));
        var task = new BenchmarkTask
        {
            Id = id,
            Language = rules.Language,
            Kind = "exercise",
            Toolchain = rules.Toolchain,
            TestCommand = rules.TestCommand,
            TestHint = rules.TestCommand,
            ProtectedPaths = [.. tests, .. rules.BuildFiles],
            ProblemStatement = instructions.ToString(),
            HiddenTests = HiddenTestsFormat.Files,
            HasGoldPatch = gold.Length > 0,
        };
        return new ImportedTask(
            task,
            TarPacker.Pack(dir, r => r.StartsWith(".meta/", StringComparison.Ordinal) || r.StartsWith(".docs/", StringComparison.Ordinal) || r.StartsWith(".exercism/", StringComparison.Ordinal) || testSet.Contains(r)),
            TarPacker.PackFiles(dir, tests),
            HiddenPatch: null,
            gold);
    }

    /// <summary>Each solution file becomes its example: matched by position when the lists align, else by file name.</summary>
    private static IEnumerable<(string, string?, string?)> GoldFiles(string dir, string[] solution, string[] examples)
    {
        for (var i = 0; i < solution.Length; i++)
        {
            var example = solution.Length == examples.Length
                ? examples[i]
                : examples.FirstOrDefault(e => Path.GetFileName(e) == Path.GetFileName(solution[i]));
            if (example is not null)
            {
                yield return (solution[i], File.ReadAllText(Path.Combine(dir, solution[i])), File.ReadAllText(Path.Combine(dir, example)));
            }
        }
    }

    private static string[] NonEmpty(string[]? list, string file, string field) =>
        list is { Length: > 0 } ? list : throw new InvalidDataException($"{file}: {field} must list at least one file.");
}
