using System.Text;
using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Grading;

/// <summary>
/// An agent's patch cannot change its grade by touching the tests or by ending the test process early: real grade jobs
/// on a starter task in each sandbox, with each tampering patch first as it is (the runner's own check refuses it: an
/// error, never a pass) and then filtered as the harness grades it.
/// </summary>
public abstract class TamperContract : IAsyncLifetime
{
    private const string Task = "py-lru-cache";

    private readonly TempDirectory _dir = new("dgm-tamper");
    private DiskArtifactStore _store = null!;
    private ISandbox _sandbox = null!;
    private BenchmarkTask _task = null!;
    private string _gold = "";

    public async Task InitializeAsync()
    {
        _store = new DiskArtifactStore(_dir.Combine("store"));
        _sandbox = CreateSandbox(_store, new LocalSandboxOptions { Root = _dir.Combine("jobs") });
        await SuiteStore.WriteAsync(_store, FolderSuiteReader.Read(StarterSubset.Write(_dir.Path, "tamper", Task)));
        _task = (await BenchmarkSuite.LoadAsync(_store, "tamper")).Task(Task);
        _gold = Encoding.UTF8.GetString((await _store.GetAsync(SuiteLayout.Gold("tamper", Task)))!.Content);
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncDisposable)_sandbox).DisposeAsync();
        _dir.Dispose();
    }

    protected abstract ISandbox CreateSandbox(DiskArtifactStore store, LocalSandboxOptions options);

    /// <summary>The test package's __init__ ends the test process with success before any test runs.</summary>
    private const string HookPatch = """
        diff --git a/tests/__init__.py b/tests/__init__.py
        --- a/tests/__init__.py
        +++ b/tests/__init__.py
        @@ -0,0 +1,2 @@
        +import os
        +os._exit(0)
        """;

    private static string EditHiddenTests(string workspaceTest) => $"""
        diff --git a/tests/test_lru.py b/tests/test_lru.py
        --- a/tests/test_lru.py
        +++ b/tests/test_lru.py
        @@ -1 +1 @@
        -{workspaceTest.Split('\n')[0]}
        +import unittest; raise SystemExit(0)
        """;

    private const string OutsidePatch = """
        diff --git a/../escape.py b/../escape.py
        new file mode 100644
        --- /dev/null
        +++ b/../escape.py
        @@ -0,0 +1 @@
        +print("outside")
        """;

    private async Task<AttemptStatus> GradeAsync(string patch, bool filtered)
    {
        patch += "\n"; // git wants the last line of a patch ended
        var graded = filtered ? PatchFilter.Apply(patch, _task.ProtectedPaths).Patch : patch;
        var key = $"tamper/{Guid.NewGuid():N}.diff";
        await _store.PutAsync(key, Encoding.UTF8.GetBytes(graded));
        var id = new JobIdentity("tamper", "node", $"grade-{Guid.NewGuid():N}"[..20], "l");
        var result = await SandboxRunner.RunAsync(_sandbox, new HarnessJobs(new RunConfig()).Grade(id, "tamper", _task, key));
        // Judged as the workflow judges a grade: from the test runner's own report.
        return (await GradeVerdict.JudgeAsync(result, new JobOutputs(_store, id), _task, [])).Status;
    }

    [Fact]
    public async Task A_hook_on_a_protected_path_is_refused_unfiltered_and_stripped_filtered()
    {
        Assert.Equal(AttemptStatus.Error, await GradeAsync(HookPatch, filtered: false));
        Assert.Equal(AttemptStatus.Unresolved, await GradeAsync(HookPatch, filtered: true));
        Assert.Equal(AttemptStatus.Resolved, await GradeAsync(_gold + HookPatch, filtered: true));
    }

    [Fact]
    public async Task Edits_to_the_hidden_tests_do_not_change_the_grade()
    {
        var visible = File.ReadAllText(RepositoryRoot.Combine("benchmarks", "starter", "tasks", Task, "workspace", "tests", "test_lru.py"));
        Assert.Equal(AttemptStatus.Error, await GradeAsync(EditHiddenTests(visible), filtered: false));
        Assert.Equal(AttemptStatus.Unresolved, await GradeAsync(EditHiddenTests(visible), filtered: true));
        Assert.Equal(AttemptStatus.Resolved, await GradeAsync(_gold + EditHiddenTests(visible), filtered: true));
    }

    [Fact]
    public async Task A_patch_that_writes_outside_the_workspace_is_stripped_not_applied()
    {
        Assert.Equal(AttemptStatus.Error, await GradeAsync(OutsidePatch, filtered: false));
        Assert.Equal(AttemptStatus.Unresolved, await GradeAsync(OutsidePatch, filtered: true));
        Assert.Equal(AttemptStatus.Resolved, await GradeAsync(_gold + OutsidePatch, filtered: true));
        Assert.False(File.Exists(_dir.Combine("jobs", "escape.py")));
    }

    [Fact]
    public async Task A_solution_that_ends_the_test_process_with_status_0_when_imported_is_unresolved()
    {
        var exits = await GoldVariant.StarterPatchAsync(_dir.Path, Task, "cachekit/lru.py", "", "import os\nos._exit(0)\n");

        Assert.Equal(AttemptStatus.Unresolved, await GradeAsync(exits, filtered: true));
    }
}

public sealed class TamperTests : TamperContract
{
    protected override ISandbox CreateSandbox(DiskArtifactStore store, LocalSandboxOptions options) => new LocalSandbox(store, options);
}

public sealed class UnshareTamperTests : TamperContract
{
    protected override ISandbox CreateSandbox(DiskArtifactStore store, LocalSandboxOptions options) => new LocalSandbox(store, options with { ForceUnshare = true });
}
