using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
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
        var built = await engine.OnceAsync(nameof(BuildImagesAsync), BuildImagesAsync);
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
    public async Task Eval_of_the_seed_agent_solves_in_the_task_images_with_its_single_file_build_and_reports_both_lists()
    {
        using var dir = new TempDirectory("dgm-swe-mini-eval");
        await engine.OnceAsync(nameof(BuildImagesAsync), BuildImagesAsync);
        var image = await engine.OnceAsync(nameof(DotnetImageAsync), DotnetImageAsync);
        await using var dgm = await LocalDgm.StartAsync(new LocalDgmOptions
        {
            DataDirectory = dir.Combine("data"),
            Sandbox = SandboxKind.Docker,
            // Every job runs in Docker: the build in the stand-in for our sandbox image, solve and grade in the task's.
            Docker = new DockerSandboxOptions { Endpoint = engine.Endpoint, Image = image },
            ConfigureWorkflow = TestWorkflow.Quick,
            BuiltIns = RepositoryRoot.BuiltIns,
        });
        var tasks = SweBenchImporter.Read(Path.Combine(Suite, "tasks.jsonl"), "swe-mini");
        await SuiteStore.WriteAsync(dgm.Store, tasks);
        // The first test verifies these tasks sound; recording them spares this one the six grades.
        var sound = new SoundTasks(dgm.Store, dgm.Toolchains);
        foreach (var task in tasks.Tasks)
        {
            await sound.RecordAsync("swe-mini", task.Task, expectedTests: [], passesUntouched: false);
        }

        var config = RunConfigLoader.Load(
            $$"""
            {
              "iterations": 0,
              "stages": [ { "tasks": 3 } ],
              "maxParallelJobs": 2,
              "benchmark": { "suite": "swe-mini" },
              "models": { "coding": { "provider": "replay", "name": "swe-mini", "cassette": {{JsonSerializer.Serialize(Path.Combine(Suite, "cassette.json"))}} } },
              "sandbox": { "wallSeconds": { "build": 600, "solve": 300, "grade": 300 }, "memoryMb": 3072, "diskMb": 2048, "pollSeconds": 0.2 }
            }
            """,
            "swe-mini eval");
        var snapshot = await StoreSeeding.SnapshotAgentAsync(dgm.Store, RepositoryRoot.Combine("agent"));
        var launcher = new RunLauncher(dgm);
        await launcher.StartAsync(config, "eval-swe-mini", snapshot);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await launcher.WaitAsync("eval-swe-mini", null, timeout.Token);

        var seed = await dgm.Runs.GetNodeAsync("eval-swe-mini", ArchiveNode.SeedId);
        var buildLog = seed.Build?.LogKey is { } log && await dgm.Store.GetAsync(log) is { } stored ? System.Text.Encoding.UTF8.GetString(stored.Content) : "";
        Assert.True(seed.Build is { Succeeded: true }, $"{seed.Build?.Error ?? seed.Reason}\n{buildLog}");
        Assert.True(await dgm.Store.ExistsAsync(ArtifactKeys.Build(snapshot, AgentBuild.SingleFile)));
        Assert.False(await dgm.Store.ExistsAsync(ArtifactKeys.Build(snapshot, AgentBuild.FrameworkDependent)));
        var outcomes = seed.Outcomes.ToDictionary(t => t.TaskId, t => Assert.Single(t.Attempts));
        Assert.Equal(tasks.Tasks.Select(t => t.Task.Id).Order(StringComparer.Ordinal), outcomes.Keys.Order(StringComparer.Ordinal));
        foreach (var task in tasks.Tasks.Select(t => t.Task))
        {
            // The cassette's agent applies the gold patch, except for textkit, where it applies the patch that breaks a PASS_TO_PASS test.
            var attempt = outcomes[task.Id];
            var broken = task.Id.Contains("textkit", StringComparison.Ordinal) ? Broken[task.Id] : null;
            Assert.True(attempt.Status == (broken is null ? AttemptStatus.Resolved : AttemptStatus.Unresolved), $"{task.Id}: {attempt.Status} {attempt.Error}");
            AssertLists(attempt.Tests, failToPass: (task.FailToPass, []), passToPass: (task.PassToPass.Where(t => t != broken).ToList(), broken is null ? [] : [broken]));
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

    /// <summary>
    /// A stand-in for our sandbox image (infra/sandbox, which needs a registry to build): the tests' base image with the
    /// host's .NET SDK, enough for the build job (its targeting packs too: restore would download a missing one). One
    /// import, as build-images.sh makes the task images.
    /// </summary>
    private async Task<string> DotnetImageAsync()
    {
        const string Image = "dgm-test-dotnet:latest";
        const string Script = """
            set -euo pipefail
            work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
            sdk=$(dirname "$(readlink -f "$(command -v dotnet)")")
            cp "$1" "$work/image.tar"
            mkdir -p "$work/link/usr/bin" && ln -s ../share/dotnet/dotnet "$work/link/usr/bin/dotnet"
            tar -rf "$work/image.tar" --owner=0 --group=0 --numeric-owner -C "$sdk" --transform 's|^\.|./usr/share/dotnet|' \
              --exclude=./templates --exclude=./shared/Microsoft.AspNetCore.App .
            tar -rf "$work/image.tar" --owner=0 --group=0 --numeric-owner -C "$work/link" ./usr/bin/dotnet
            docker import "$work/image.tar" "$2" >/dev/null
            """;
        await DockerEngine.RunAsync("bash", ["-c", Script, "dotnet-image", await DockerEngine.BaseImageTarballAsync(), Image], new Dictionary<string, string> { ["DOCKER_HOST"] = engine.Endpoint.ToString() });
        return Image;
    }

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
