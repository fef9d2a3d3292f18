using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Harness.TestReports;
using Dgm.Jobs.Archives;
using Dgm.Local.Artifacts;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Benchmarks.Tests;

/// <summary>
/// The eighteen real exercises of <c>../shared/benchmarks/polyglot-sample</c> (three per language, chosen for the
/// layouts' corner cases) import, verify in the sandbox with every toolchain present, and keep their grade against
/// patches that edit the hidden tests or add a test-runner hook.
/// </summary>
public sealed class PolyglotSampleTests : IAsyncLifetime
{
    private const string Suite = "polyglot-sample";

    private static readonly string SamplePath = RepositoryRoot.Combine("..", "shared", "benchmarks", "polyglot-sample");

    private readonly TempDirectory _dir = new("dgm-polyglot");
    private ImportedSuite _imported = null!;
    private DiskArtifactStore _store = null!;
    private LocalSandbox _sandbox = null!;
    private LocalSandboxOptions _options = null!;

    public async Task InitializeAsync()
    {
        Assert.True(Directory.Exists(SamplePath), $"The Polyglot sample is missing: expected it at {Path.GetFullPath(SamplePath)} (the repository's parent folder holds shared/benchmarks/polyglot-sample).");
        _imported = PolyglotImporter.Read(SamplePath, Suite);
        _store = new DiskArtifactStore(_dir.Combine("store"));
        await SuiteStore.WriteAsync(_store, _imported);
        _options = new LocalSandboxOptions { Root = _dir.Combine("jobs") };
        _sandbox = new LocalSandbox(_store, _options);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    private ImportedTask Imported(string id) => _imported.Tasks.Single(t => t.Task.Id == id);

    [Fact]
    public void The_real_layouts_import_with_their_corner_cases()
    {
        Assert.Empty(_imported.Problems);
        Assert.Equal(18, _imported.Tasks.Count);
        Assert.Equal(["cpp", "go", "java", "javascript", "python", "rust"], _imported.Tasks.Select(t => t.Task.Language).Distinct());

        // One example header for two solution files: the header is the gold, the stub .cpp stays.
        var tree = Imported("cpp-binary-search-tree");
        Assert.Contains("diff --git a/binary_search_tree.h b/binary_search_tree.h", tree.Gold, StringComparison.Ordinal);
        Assert.DoesNotContain("a/binary_search_tree.cpp", tree.Gold, StringComparison.Ordinal);
        var cmake = Encoding.UTF8.GetString(TarExtractor.ReadFiles(tree.Workspace!)["CMakeLists.txt"]);
        Assert.Contains("set(exercise \"binary-search-tree\")", cmake, StringComparison.Ordinal);

        // Rust: example.rs is src/lib.rs; Cargo-example.toml the Cargo.toml; crates come from Debian's offline registry.
        var grep = Imported("rust-grep");
        Assert.Contains("diff --git a/src/lib.rs b/src/lib.rs", grep.Gold, StringComparison.Ordinal);
        Assert.Contains("+thiserror", grep.Gold, StringComparison.Ordinal);
        Assert.Contains(".cargo/config.toml", TarExtractor.ReadFiles(grep.Workspace!).Keys);
        Assert.Equal(["Cargo.toml", "src/lib.rs"], grep.Task.EditablePaths);

        // Go: editor helpers are visible, restored for grading and protected; tests are hidden.
        var forth = Imported("go-forth");
        Assert.Contains("cases_test.go", TarExtractor.ReadFiles(forth.Workspace!).Keys);
        Assert.DoesNotContain("forth_test.go", TarExtractor.ReadFiles(forth.Workspace!).Keys);
        Assert.Equal(["cases_test.go", "forth_test.go"], TarExtractor.ReadFiles(forth.Hidden!).Keys.Order());

        // Skipped tests are enabled in the hidden copies; .meta and .docs never reach the workspace.
        var java = Imported("java-zipper");
        Assert.All(TarExtractor.ReadFiles(java.Hidden!).Values, t => Assert.DoesNotContain("@Disabled", Encoding.UTF8.GetString(t), StringComparison.Ordinal));
        Assert.Contains("/usr/share/java/assertj-core.jar", java.Task.TestCommand, StringComparison.Ordinal);
        var react = Imported("javascript-react");
        Assert.All(TarExtractor.ReadFiles(react.Hidden!).Values, t => Assert.DoesNotContain("xtest(", Encoding.UTF8.GetString(t), StringComparison.Ordinal));
        Assert.All(_imported.Tasks, t => Assert.DoesNotContain(TarExtractor.ReadFiles(t.Workspace!).Keys, k => k.StartsWith(".meta/", StringComparison.Ordinal) || k.StartsWith(".docs/", StringComparison.Ordinal)));

        // What the agent is told is true: the tests are hidden, and no test hint names a command that passes with none.
        Assert.All(_imported.Tasks, t => Assert.Contains("hidden", t.Task.TestHint, StringComparison.Ordinal));
        Assert.Contains("Change only src/main/java/Zipper.java", java.Task.ProblemStatement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_sample_exercise_verifies_sound_in_the_sandbox()
    {
        var verifier = new SuiteVerifier(_store, _sandbox, PathToolchainProbe.For(_options), new RunConfig());

        var result = await verifier.VerifyAsync(Suite, parallelism: 2);

        Assert.Empty(result.Skipped);
        Assert.Equal(18, result.Tasks.Count);
        Assert.All(result.Tasks, t => Assert.True(t.Sound, $"{t.TaskId}: gold {t.Gold}, untouched {t.Untouched}: {t.Detail}"));
    }

    /// <summary>
    /// Per language, a patch that would make the untouched stub pass by changing how the tests run: the file it writes,
    /// the text it replaces in that file's current content (empty: put before it) and the replacement.
    /// </summary>
    public static TheoryData<string, string, string, string> Hooks => new()
    {
        { "python-zipper", "conftest.py", "", "import os\nos._exit(0)\n" },
        { "python-two-bucket", "two_bucket_test.py", "", "raise SystemExit(0)\n" },
        { "javascript-react", "jest.config.js", "", "module.exports = { testMatch: ['**/none/**'], passWithNoTests: true };\n" },
        { "javascript-forth", "forth.spec.js", "", "test('nothing', () => {});\n" },
        { "rust-accumulate", "build.rs", "", "fn main() { std::process::exit(0) }\n" },
        { "rust-macros", "tests/macros.rs", "", "#![cfg(any())]\n" },
        { "cpp-clock", "CMakeLists.txt", "", "return()\n" },
        { "cpp-all-your-base", "test/tests-main.cpp", "", "#include <cstdlib>\nstatic int quit = (std::exit(0), 0);\n" },
        { "go-bowling", "main_test.go", "", "package bowling\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestMain(m *testing.M) { os.Exit(0) }\n" },
        { "go-forth", "cases_test.go", "", "//go:build ignore\n\n" },
        { "java-bank-account", "src/main/resources/junit-platform.properties", "", "junit.jupiter.conditions.deactivate=*\n" },
        { "java-zipper", "src/test/java/ZipperTest.java", "@Test", "@Test @org.junit.jupiter.api.Disabled" },
    };

    [Theory]
    [MemberData(nameof(Hooks))]
    public async Task A_patch_that_tampers_with_the_tests_does_not_change_the_grade(string taskId, string path, string find, string replace)
    {
        var task = (await BenchmarkSuite.LoadAsync(_store, Suite)).Task(taskId);
        var hook = Tamper(Imported(taskId), path, find, replace);
        var filtered = PatchFilter.Apply(hook, task.ProtectedPaths, task.EditablePaths);
        Assert.NotEmpty(filtered.Dropped);

        Assert.Equal(AttemptStatus.Error, (await GradeAsync(task, hook)).Status);
        Assert.Equal(AttemptStatus.Unresolved, (await GradeAsync(task, filtered.Patch)).Status);
    }

    [Fact]
    public async Task A_cargo_manifest_that_drops_the_tests_is_refused_at_grading()
    {
        // Cargo.toml is a solution file (for dependencies), so the filter keeps this change; the grade command refuses it.
        var task = (await BenchmarkSuite.LoadAsync(_store, Suite)).Task("rust-grep");
        var gold = Encoding.UTF8.GetString((await _store.GetAsync(SuiteLayout.Gold(Suite, task.Id)))!.Content);
        var withoutTests = await GoldWithAsync(Imported(task.Id), gold, "Cargo.toml", "[package]\n", "[package]\nautotests = false\n");
        Assert.Empty(PatchFilter.Apply(withoutTests, task.ProtectedPaths, task.EditablePaths).Dropped);

        Assert.Equal(AttemptStatus.Resolved, (await GradeAsync(task, gold)).Status);
        Assert.Equal(AttemptStatus.Unresolved, (await GradeAsync(task, withoutTests)).Status);
    }

    /// <summary>
    /// Per language, the gold solution changed to end its process with status 0 before any test runs (a module-level
    /// exit, an init function, a static initializer, a C++ static constructor, an exit in the function under test):
    /// the file it changes, the text replaced in the gold version of that file, and the replacement.
    /// </summary>
    public static TheoryData<string, string, string, string> EarlyExits => new()
    {
        { "python-zipper", "zipper.py", "", "import os\nos._exit(0)\n" },
        { "javascript-react", "react.js", "", "process.exit(0);\n" },
        { "go-bowling", "bowling.go", "import \"errors\"\n", "import (\n\t\"errors\"\n\t\"os\"\n)\n\nfunc init() { os.Exit(0) }\n" },
        { "java-bank-account", "src/main/java/BankAccount.java", "class BankAccount {", "class BankAccount {\n    static { System.exit(0); }\n" },
        { "cpp-clock", "clock.cpp", "", "#include <unistd.h>\nnamespace { struct Quit { Quit() { _exit(0); } } quit; }\n" },
        { "rust-accumulate", "src/lib.rs", "{\n    let mut v", "{\n    if values.len() < usize::MAX {\n        std::process::exit(0);\n    }\n    let mut v" },
    };

    [Theory]
    [MemberData(nameof(EarlyExits))]
    public async Task Code_under_test_that_exits_0_early_is_unresolved_by_the_test_report(string taskId, string path, string find, string replace)
    {
        var task = (await BenchmarkSuite.LoadAsync(_store, Suite)).Task(taskId);
        var gold = Encoding.UTF8.GetString((await _store.GetAsync(SuiteLayout.Gold(Suite, task.Id)))!.Content);

        // The gold run's report, as the real test runner wrote it, lists every test passed and agrees with its summary.
        var (goldStatus, goldError, goldReport) = await GradeAsync(task, gold);
        Assert.True(goldStatus == AttemptStatus.Resolved, $"gold: {goldStatus} {goldError}");
        var reported = TestReportCheck.Read(task.TestReport, goldReport);
        Assert.NotEmpty(reported.Tests);
        Assert.All(reported.Tests, t => Assert.True(t.Passed, t.Name));
        Assert.Equal(reported.Claimed, reported.Tests.Count);

        var exits = await GoldWithAsync(Imported(taskId), gold, path, find, replace);
        var filtered = PatchFilter.Apply(exits, task.ProtectedPaths, task.EditablePaths);
        Assert.Empty(filtered.Dropped);

        // Graded as a run grades a verified task: against the tests the gold run passed.
        var (status, error, _) = await GradeAsync(task, filtered.Patch, TestReportCheck.Passed(task.TestReport, goldReport));
        Assert.Equal(AttemptStatus.Unresolved, status);
        Assert.Contains("report", error, StringComparison.Ordinal);
    }

    private async Task<(AttemptStatus Status, string? Error, IReadOnlyDictionary<string, byte[]> Report)> GradeAsync(BenchmarkTask task, string patch, IReadOnlyList<string>? expectedTests = null)
    {
        var key = $"tamper/{Guid.NewGuid():N}.diff";
        await _store.PutAsync(key, Encoding.UTF8.GetBytes(patch));
        var id = new JobIdentity("tamper", "node", $"grade-{Guid.NewGuid():N}"[..20], "l");
        var result = await SandboxRunner.RunAsync(_sandbox, new HarnessJobs(new RunConfig()).Grade(id, Suite, task, key));
        var outputs = new JobOutputs(_store, id);
        var (status, error, _) = await GradeVerdict.JudgeAsync(result, outputs, task, expectedTests ?? []);
        return (status, error, await outputs.ReportFilesAsync());
    }

    private Task<string> GoldWithAsync(ImportedTask task, string gold, string path, string find, string replace) =>
        GoldVariant.PatchAsync(_dir.Combine("gold-" + task.Task.Id), TarExtractor.ReadFiles(task.Workspace!), gold, path, find, replace);

    /// <summary>A whole-file patch writing <paramref name="path"/>: its workspace (or hidden) content with the text replaced.</summary>
    private static string Tamper(ImportedTask task, string path, string find, string replace)
    {
        var workspace = TarExtractor.ReadFiles(task.Workspace!);
        var hidden = TarExtractor.ReadFiles(task.Hidden!);
        var before = workspace.TryGetValue(path, out var w) ? Encoding.UTF8.GetString(w) : null;
        var current = before ?? (hidden.TryGetValue(path, out var h) ? Encoding.UTF8.GetString(h) : "");
        var after = find.Length == 0 ? replace + current : current.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(current, after);
        return WholeFileDiff.Of([(path, before, after)]);
    }
}
