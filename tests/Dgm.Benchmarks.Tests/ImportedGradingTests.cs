using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Local.Artifacts;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Benchmarks.Tests;

/// <summary>Imported suites are graded like our own: the miniature Polyglot exercise in the sandbox, SWE-bench refused locally.</summary>
public sealed class ImportedGradingTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-imported");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_imported_polyglot_exercise_verifies_in_the_sandbox_and_swe_bench_tasks_are_listed_as_needing_a_container()
    {
        ImporterTests.WriteMiniPolyglot((relative, content) =>
        {
            var path = _dir.Combine(relative.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        });
        File.WriteAllText(_dir.Combine("swe.jsonl"), """{"instance_id":"pallets__flask-7","repo":"pallets/flask","version":"2.0","base_commit":"abc","problem_statement":"p","test_patch":"diff --git a/tests/test_a.py b/tests/test_a.py\n","FAIL_TO_PASS":["t::a"],"PASS_TO_PASS":[]}""");

        var store = new DiskArtifactStore(_dir.Combine("store"));
        await SuiteStore.WriteAsync(store, PolyglotImporter.Read(_dir.Combine("polyglot"), "mini"));
        await SuiteStore.WriteAsync(store, SweBenchImporter.Read(_dir.Combine("swe.jsonl"), "swe"));
        var options = new LocalSandboxOptions { Root = _dir.Combine("jobs") };
        await using var sandbox = new LocalSandbox(store, options);
        var verifier = new SuiteVerifier(store, sandbox, PathToolchainProbe.For(options), new RunConfig());

        var mini = await verifier.VerifyAsync("mini", parallelism: 1);
        var task = Assert.Single(mini.Tasks);
        Assert.Equal(("cpp-tally", AttemptStatus.Resolved, AttemptStatus.Unresolved), (task.TaskId, task.Gold, task.Untouched));

        var swe = await verifier.VerifyAsync("swe", parallelism: 1);
        Assert.Empty(swe.Tasks);
        Assert.Equal(["pallets-flask-7 (needs container image swebench/sweb.eval.x86_64.pallets_1776_flask-7, which only --sandbox docker runs here)"], swe.Skipped);
    }
}
