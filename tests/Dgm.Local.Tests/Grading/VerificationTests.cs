using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Local.Artifacts;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Grading;

/// <summary>
/// What verification makes of a task whose tests already pass on the untouched workspace (Polyglot's refactoring
/// exercises): not sound, but usable, because its gold patch is proved to resolve it — the reference's task lists
/// include such tasks, so a run pinned to them must be able to start.
/// </summary>
public sealed class VerificationTests : IAsyncLifetime
{
    private const string Task = "py-config-equals";

    private readonly TempDirectory _dir = new("dgm-verify");
    private DiskArtifactStore _store = null!;
    private LocalSandboxOptions _options = null!;
    private LocalSandbox _sandbox = null!;

    public Task InitializeAsync()
    {
        _store = new DiskArtifactStore(_dir.Combine("store"));
        _options = new LocalSandboxOptions { Root = _dir.Combine("jobs") };
        _sandbox = new LocalSandbox(_store, _options);
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_task_whose_untouched_workspace_passes_is_recorded_as_passing_untouched_and_runs_may_use_it()
    {
        var suite = StarterSubset.Write(_dir.Path, "refactor", Task);
        // The hidden tests no longer test the bug the gold patch fixes, as in an exercise that asks for a refactoring.
        File.WriteAllText(Path.Combine(suite, "tasks", Task, "hidden", "tests", "test_config.py"), """
            import unittest

            import appconfig


            class ConfigTests(unittest.TestCase):
                def test_the_package_imports(self):
                    self.assertIsNotNone(appconfig)
            """);
        await SuiteStore.WriteAsync(_store, FolderSuiteReader.Read(suite));
        var toolchains = PathToolchainProbe.For(_options);
        var sound = new SoundTasks(_store, toolchains);
        var tasks = (await BenchmarkSuite.LoadAsync(_store, "refactor")).Tasks;
        Assert.Equal([Task], await sound.UnverifiedAsync("refactor", tasks));

        var verification = await new SuiteVerifier(_store, _sandbox, toolchains, new RunConfig()).VerifyAsync("refactor", parallelism: 1);

        var task = Assert.Single(verification.Tasks);
        Assert.Equal(AttemptStatus.Resolved, task.Gold);
        Assert.Equal(AttemptStatus.Resolved, task.Untouched);
        Assert.False(task.Sound);
        Assert.True(task.PassesUntouched);
        Assert.True(verification.Usable);
        Assert.Empty(await sound.UnverifiedAsync("refactor", tasks));

        // Verified again, the task's stored verification is the latest one.
        var again = Assert.Single((await new SuiteVerifier(_store, _sandbox, toolchains, new RunConfig()).VerifyAsync("refactor", parallelism: 1)).Tasks);
        var stored = (await _store.GetAsync(SuiteVerifier.Key("refactor", Task)))!;
        Assert.Equal(again.Seconds, Dgm.Core.DgmJson.Deserialize<TaskVerification>(stored.Content, stored.Key).Seconds);
    }
}
