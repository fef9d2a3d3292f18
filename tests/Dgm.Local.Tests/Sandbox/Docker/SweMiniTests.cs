using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Local.Artifacts;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Testing;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>
/// The swe-mini suite (benchmarks/swe-mini) end to end on the tests' own Engine: its images built by its script in the
/// SWE-bench layout, then graded in their /testbed as the harness grades: gold resolved, untouched unresolved, and a
/// patch that makes FAIL_TO_PASS pass but breaks a PASS_TO_PASS test unresolved, one task per log format.
/// </summary>
[Collection(DockerEngineTests.Name)]
public sealed class SweMiniTests(DockerEngine engine)
{
    private static readonly string Suite = RepositoryRoot.Combine("benchmarks", "swe-mini");

    /// <summary>The PASS_TO_PASS test each task's breaking patch (predictions/breaks-pass-to-pass.jsonl) breaks.</summary>
    private static readonly Dictionary<string, string> Broken = new()
    {
        ["swe-mini-minicalc-1"] = "tests/test_evaluator.py::test_subtraction_is_left_associative",
        ["swe-mini-textkit-1"] = "Accented letters lose their accents.",
        ["swe-mini-unitconv-1"] = "test_celsius_to_kelvin",
    };

    [Fact]
    public async Task Gold_resolves_untouched_does_not_and_a_patch_that_breaks_a_pass_to_pass_test_does_not_in_the_tasks_own_images()
    {
        using var dir = new TempDirectory("dgm-swe-mini");
        var built = await BuildImagesAsync();
        var tasks = SweBenchImporter.Read(Path.Combine(Suite, "tasks.jsonl"), "swe-mini");
        Assert.Empty(tasks.Problems);
        Assert.Equal(3, tasks.Tasks.Count);
        Assert.All(tasks.Tasks, t => Assert.Contains($"{t.Task.Image}:latest", built, StringComparison.Ordinal));
        var breaking = SweBenchImporter.Read(WithBreakingPatches(dir), "swe-mini-breaking");

        var store = new DiskArtifactStore(dir.Combine("store"));
        var files = new LocalSandboxOptions { Root = dir.Combine("jobs") };
        await using var sandbox = new DockerSandbox(store, files, new DockerSandboxOptions { Endpoint = engine.Endpoint, Image = DockerEngine.Image });
        var verifier = new SuiteVerifier(store, sandbox, PathToolchainProbe.For(files, SandboxKind.Docker), new RunConfig());
        await SuiteStore.WriteAsync(store, tasks);
        await SuiteStore.WriteAsync(store, breaking);
        var results = await Task.WhenAll(verifier.VerifyAsync("swe-mini", parallelism: 2), verifier.VerifyAsync("swe-mini-breaking", parallelism: 2));

        var verified = results[0];
        Assert.Empty(verified.Skipped);
        Assert.All(verified.Tasks, t => Assert.True(t.Sound, $"{t.TaskId}: gold {t.Gold}, untouched {t.Untouched}: {t.Detail}"));
        foreach (var task in verified.Tasks)
        {
            var listed = tasks.Tasks.Single(t => t.Task.Id == task.TaskId).Task;
            AssertLists(task.GoldTestsStatus, failToPass: (listed.FailToPass, []), passToPass: (listed.PassToPass, []));
            AssertLists(task.UntouchedTestsStatus, failToPass: ([], listed.FailToPass), passToPass: (listed.PassToPass, []));
            Assert.True(await store.ExistsAsync(SuiteVerifier.Key("swe-mini", task.TaskId)));
        }

        Assert.Equal(3, results[1].Tasks.Count);
        foreach (var task in results[1].Tasks)
        {
            var listed = breaking.Tasks.Single(t => t.Task.Id == task.TaskId).Task;
            Assert.Equal(AttemptStatus.Unresolved, task.Gold);
            Assert.Equal(listed.FailToPass, task.GoldTestsStatus!.FailToPass.Success);
            Assert.Equal([Broken[task.TaskId]], task.GoldTestsStatus.PassToPass.Failure);
        }
    }

    [Fact]
    public async Task The_base_commits_in_the_jsonl_are_the_commits_the_build_script_makes()
    {
        var output = await RunScriptAsync("--check-commits");
        Assert.Contains("base commits match", output, StringComparison.Ordinal);
    }

    /// <summary>Runs build-images.sh against the tests' Engine with the fixture's cached root file system; returns the images it built.</summary>
    private async Task<string> BuildImagesAsync() => await RunScriptAsync("--rootfs", await DockerEngine.BaseImageTarballAsync());

    private Task<string> RunScriptAsync(params string[] arguments) => DockerEngine.RunAsync(
        "bash", [Path.Combine(Suite, "build-images.sh"), .. arguments], new Dictionary<string, string> { ["DOCKER_HOST"] = engine.Endpoint.ToString() });

    /// <summary>tasks.jsonl with each gold patch replaced by the task's patch in predictions/breaks-pass-to-pass.jsonl.</summary>
    private static string WithBreakingPatches(TempDirectory dir)
    {
        var patches = File.ReadLines(Path.Combine(Suite, "predictions", "breaks-pass-to-pass.jsonl"))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToDictionary(p => p["instance_id"]!.GetValue<string>(), p => p["model_patch"]!.GetValue<string>());
        var lines = File.ReadLines(Path.Combine(Suite, "tasks.jsonl")).Select(l =>
        {
            var task = JsonNode.Parse(l)!.AsObject();
            task["patch"] = patches[task["instance_id"]!.GetValue<string>()];
            return task.ToJsonString();
        });
        var path = dir.Combine("breaking.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static void AssertLists(
        TestsStatus? status, (IReadOnlyList<string> Passed, IReadOnlyList<string> Failed) failToPass, (IReadOnlyList<string> Passed, IReadOnlyList<string> Failed) passToPass)
    {
        Assert.NotNull(status);
        Assert.Equal(failToPass.Passed, status.FailToPass.Success);
        Assert.Equal(failToPass.Failed, status.FailToPass.Failure);
        Assert.Equal(passToPass.Passed, status.PassToPass.Success);
        Assert.Equal(passToPass.Failed, status.PassToPass.Failure);
    }
}
