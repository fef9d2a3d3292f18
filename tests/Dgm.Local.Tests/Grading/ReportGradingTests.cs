using System.Diagnostics;
using System.Text;
using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Grading;

/// <summary>One starter task per language, verified once in one sandbox: the verification records the tests each gold patch passes.</summary>
public sealed class VerifiedStarterTasks : IAsyncLifetime
{
    public const string Suite = "reports";

    public static readonly string[] Tasks = ["py-lru-cache", "js-csv-quotes", "cpp-base64-encode", "java-url-parts", "rs-order-cancel", "cs-business-days"];

    private readonly TempDirectory _dir = new("dgm-reports");
    private readonly SemaphoreSlim _once = new(1, 1);
    private ISandbox? _sandbox;
    private SuiteVerification? _verification;

    public DiskArtifactStore Store { get; private set; } = null!;

    public SoundTasks Sound { get; private set; } = null!;

    public string Folder => _dir.Path;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Verifies the tasks in the sandbox <paramref name="create"/> makes, on the first call; later calls get that sandbox and verification.</summary>
    public async Task<(ISandbox Sandbox, SuiteVerification Verification)> InAsync(Func<DiskArtifactStore, LocalSandboxOptions, Task<ISandbox>> create)
    {
        await _once.WaitAsync();
        try
        {
            if (_sandbox is null || _verification is null)
            {
                Store = new DiskArtifactStore(_dir.Combine("store"));
                var options = new LocalSandboxOptions { Root = _dir.Combine("jobs") };
                _sandbox = await create(Store, options);
                await SuiteStore.WriteAsync(Store, FolderSuiteReader.Read(StarterSubset.Write(_dir.Path, Suite, Tasks)));
                var toolchains = PathToolchainProbe.For(options);
                Sound = new SoundTasks(Store, toolchains);
                _verification = await new SuiteVerifier(Store, _sandbox, toolchains, new RunConfig()).VerifyAsync(Suite, parallelism: 2);
            }

            return (_sandbox, _verification);
        }
        finally
        {
            _once.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is IAsyncDisposable sandbox)
        {
            await sandbox.DisposeAsync();
        }

        _once.Dispose();
        _dir.Dispose();
    }
}

/// <summary>
/// The starter suite is graded from its test runners' own reports, checked against the tests the gold patch passed at
/// verification: code under test that ends its process with status 0, before the tests or part-way through them, or
/// that rewrites the finished report to drop a test, is unresolved with the reason, in every language. Each attack is the gold solution plus the attack, so only the
/// attack can make it unresolved. Run in every sandbox kind.
/// </summary>
public abstract class ReportGradingContract(VerifiedStarterTasks verified)
{
    /// <summary>This sandbox kind's sandbox over the fixture's store and job folder.</summary>
    protected abstract Task<ISandbox> CreateSandboxAsync(DiskArtifactStore store, LocalSandboxOptions options);

    [Fact]
    public async Task Verification_records_the_tests_each_gold_patch_passes()
    {
        var (_, verification) = await verified.InAsync(CreateSandboxAsync);
        Assert.Empty(verification.Skipped);
        Assert.All(verification.Tasks, t => Assert.True(t.Sound, $"{t.TaskId}: gold {t.Gold}, untouched {t.Untouched}: {t.Detail}"));
        foreach (var task in (await BenchmarkSuite.LoadAsync(verified.Store, VerifiedStarterTasks.Suite)).Tasks)
        {
            Assert.NotEqual(TestReportFormat.None, task.TestReport);
            var record = await verified.Sound.FindAsync(VerifiedStarterTasks.Suite, task);
            Assert.NotNull(record);
            Assert.True(record.ExpectedTests.Count >= 5, $"{task.Id}: {string.Join(", ", record.ExpectedTests)}");
        }
    }

    /// <summary>Per language, the file changed in the gold solution, the text replaced there and its replacement: an exit with status 0 before any test passes.</summary>
    public static TheoryData<string, string, string, string> EarlyExits => new()
    {
        { "py-lru-cache", "cachekit/lru.py", "", "import os\nos._exit(0)\n" },
        // node's runner reports a test file whose process exited 0 as one passed test: only the expected tests catch it.
        { "js-csv-quotes", "src/parser.js", "", "process.exit(0);\n" },
        { "cpp-base64-encode", "src/base64.cpp", "", "#include <unistd.h>\nnamespace { struct Quit { Quit() { _exit(0); } } quit; }\n" },
        { "java-url-parts", "src/weblink/Url.java", "    public static Url parse(String text) {\n", "    static {\n        System.exit(0);\n    }\n\n    public static Url parse(String text) {\n" },
        { "rs-order-cancel", "src/lib.rs", "    pub fn new(id: u64, total_cents: u64) -> Order {\n", "    pub fn new(id: u64, total_cents: u64) -> Order {\n        if id < u64::MAX {\n            std::process::exit(0);\n        }\n" },
        { "cs-business-days", "src/Workdays/BusinessCalendar.cs", "namespace Workdays;\n", "namespace Workdays;\n\ninternal static class Quit\n{\n    [System.Runtime.CompilerServices.ModuleInitializer]\n    internal static void Run() => System.Environment.Exit(0);\n}\n" },
    };

    /// <summary>Per language, the gold solution changed to end the process with status 0 on the third call of a function under test, after some tests passed.</summary>
    public static TheoryData<string, string, string, string> MidRunExits => new()
    {
        { "py-lru-cache", "cachekit/lru.py", "    def __init__(self, capacity: int):\n", "    def __init__(self, capacity: int):\n        LRUCache.made = getattr(LRUCache, 'made', 0) + 1\n        if LRUCache.made == 3:\n            import os\n            os._exit(0)\n" },
        { "js-csv-quotes", "src/parser.js", "function parseCsv(text, { delimiter = ',' } = {}) {\n", "function parseCsv(text, { delimiter = ',' } = {}) {\n  parseCsv.calls = (parseCsv.calls || 0) + 1;\n  if (parseCsv.calls === 3) process.exit(0);\n" },
        { "cpp-base64-encode", "src/base64.cpp", "std::string decode(const std::string& text) {\n", "std::string decode(const std::string& text) {\n    static int calls = 0;\n    if (++calls == 3) std::_Exit(0);\n" },
        { "java-url-parts", "src/weblink/Url.java", "    public static Url parse(String text) {\n", "    private static int calls;\n\n    public static Url parse(String text) {\n        if (++calls == 3) {\n            System.exit(0);\n        }\n" },
        { "rs-order-cancel", "src/lib.rs", "    pub fn new(id: u64, total_cents: u64) -> Order {\n", "    pub fn new(id: u64, total_cents: u64) -> Order {\n        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);\n        if CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 2 {\n            std::process::exit(0);\n        }\n" },
        { "cs-business-days", "src/Workdays/BusinessCalendar.cs", "    public DateOnly AddBusinessDays(DateOnly start, int days)\n    {\n", "    private static int s_calls;\n\n    public DateOnly AddBusinessDays(DateOnly start, int days)\n    {\n        if (++s_calls == 3)\n        {\n            System.Environment.Exit(0);\n        }\n" },
    };

    [Theory]
    [MemberData(nameof(EarlyExits))]
    public Task Code_under_test_that_exits_0_before_the_tests_is_unresolved(string taskId, string path, string find, string replace) =>
        AssertUnresolvedAsync(taskId, path, find, replace);

    [Theory]
    [MemberData(nameof(MidRunExits))]
    public Task Code_under_test_that_exits_0_part_way_through_the_tests_is_unresolved(string taskId, string path, string find, string replace) =>
        AssertUnresolvedAsync(taskId, path, find, replace);

    private async Task AssertUnresolvedAsync(string taskId, string path, string find, string replace)
    {
        var task = await TaskAsync(taskId);
        var expected = (await verified.Sound.FindAsync(VerifiedStarterTasks.Suite, task))?.ExpectedTests;
        Assert.NotNull(expected);

        var (status, error) = await GradeAsync(task, await GoldVariant.StarterPatchAsync(verified.Folder, taskId, path, find, replace), expected);

        Assert.Equal(AttemptStatus.Unresolved, status);
        // The test command exited 0 (else there would be no reason): the report, read against the expected tests, says why.
        Assert.NotNull(error);
        Assert.Contains("report", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_test_file_that_exits_0_is_resolved_without_the_expected_tests_and_unresolved_with_them()
    {
        var task = await TaskAsync("js-csv-quotes");
        var expected = (await verified.Sound.FindAsync(VerifiedStarterTasks.Suite, task))!.ExpectedTests;
        var patch = await GoldVariant.StarterPatchAsync(verified.Folder, task.Id, "src/parser.js", "", "process.exit(0);\n");

        // Why verification must record the tests: node's own report of this run is complete in itself and all passed.
        Assert.Equal(AttemptStatus.Resolved, (await GradeAsync(task, patch, [])).Status);
        var (status, error) = await GradeAsync(task, patch, expected);
        Assert.Equal(AttemptStatus.Unresolved, status);
        Assert.Contains($"{expected.Count} of the {expected.Count} tests the gold patch passes at verification are not reported as passed: node.simple rows", error, StringComparison.Ordinal);
    }

    /// <summary>The code under test rewrites pytest's finished report at exit, dropping one test: complete in itself and all passed.</summary>
    private const string DropsATest = """
        import atexit, os, re


        def _drop_last_test():
            path = os.path.join(os.environ["DGM_REPORT_DIR"], "pytest.xml")
            with open(path) as f:
                text = f.read()
            text = text.replace(re.findall(r"<testcase .*?(?:/>|</testcase>)", text, re.S)[-1], "")
            text = re.sub(r'tests="(\d+)"', lambda m: 'tests="%d"' % (int(m.group(1)) - 1), text)
            with open(path, "w") as f:
                f.write(text)


        atexit.register(_drop_last_test)

        """;

    [Fact]
    public async Task A_report_rewritten_to_drop_a_test_is_unresolved_by_the_expected_tests()
    {
        var task = await TaskAsync("py-lru-cache");
        var expected = (await verified.Sound.FindAsync(VerifiedStarterTasks.Suite, task))!.ExpectedTests;
        var patch = await GoldVariant.StarterPatchAsync(verified.Folder, task.Id, "cachekit/lru.py", "", DropsATest);

        Assert.Equal(AttemptStatus.Resolved, (await GradeAsync(task, patch, [])).Status);
        var (status, error) = await GradeAsync(task, patch, expected);
        Assert.Equal(AttemptStatus.Unresolved, status);
        Assert.Contains($"1 of the {expected.Count} tests the gold patch passes at verification are not reported as passed: tests.test_lru.", error, StringComparison.Ordinal);
    }

    /// <summary>A task of the fixture's suite, verified in this class's sandbox first.</summary>
    private async Task<BenchmarkTask> TaskAsync(string taskId)
    {
        await verified.InAsync(CreateSandboxAsync);
        return (await BenchmarkSuite.LoadAsync(verified.Store, VerifiedStarterTasks.Suite)).Task(taskId);
    }

    private async Task<(AttemptStatus Status, string? Error)> GradeAsync(BenchmarkTask task, string patch, IReadOnlyList<string> expected)
    {
        var (sandbox, _) = await verified.InAsync(CreateSandboxAsync);
        var key = $"attack/{Guid.NewGuid():N}.diff";
        await verified.Store.PutAsync(key, Encoding.UTF8.GetBytes(patch));
        var id = new JobIdentity("attack", "node", $"grade-{Guid.NewGuid():N}"[..20], "l");
        var result = await SandboxRunner.RunAsync(sandbox, new HarnessJobs(new RunConfig()).Grade(id, VerifiedStarterTasks.Suite, task, key));
        var (status, error, _) = await GradeVerdict.JudgeAsync(result, new JobOutputs(verified.Store, id), task, expected);
        return (status, error);
    }
}

public sealed class BubblewrapReportGradingTests(VerifiedStarterTasks verified) : ReportGradingContract(verified), IClassFixture<VerifiedStarterTasks>
{
    protected override Task<ISandbox> CreateSandboxAsync(DiskArtifactStore store, LocalSandboxOptions options) =>
        Task.FromResult<ISandbox>(new LocalSandbox(store, options));
}

public sealed class UnshareReportGradingTests(VerifiedStarterTasks verified) : ReportGradingContract(verified), IClassFixture<VerifiedStarterTasks>
{
    protected override Task<ISandbox> CreateSandboxAsync(DiskArtifactStore store, LocalSandboxOptions options) =>
        Task.FromResult<ISandbox>(new LocalSandbox(store, options with { ForceUnshare = true }));
}
