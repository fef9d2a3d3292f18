using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>
/// The four sandbox jobs of the DGM as <see cref="SandboxJob"/>s: self-modify, build (+ self-test), solve, grade. Each
/// runs the in-sandbox runner (<see cref="JobPaths.Runner"/>) with its <see cref="StepSpec"/>, so every sandbox kind
/// runs the same steps. Every job writes its outputs under its node's logs,
/// <c>runs/{run}/nodes/{node}/logs/{job}/{launch}/</c>, so a relaunched job never collides with what an earlier launch wrote.
/// </summary>
public sealed class HarnessJobs(RunConfig config)
{
    /// <summary>What a modifier agent is told to run to check its own source (it has the .NET SDK in its sandbox).</summary>
    public const string SelfTestHint = "dotnet build -c Release && dotnet bin/Release/net10.0/DgmAgent.dll --self-test";

    public static string OutputKey(JobIdentity id, string name) => ArtifactKeys.Log(id.RunId, id.NodeId, id.JobId, id.LaunchId, name);

    public SandboxLimits Limits(int wallSeconds) => new()
    {
        WallSeconds = wallSeconds,
        CpuSeconds = config.Sandbox.CpuSeconds ?? wallSeconds * config.Sandbox.Cpus,
        MemoryMb = config.Sandbox.MemoryMb,
        Processes = config.Sandbox.Processes,
        DiskMb = config.Sandbox.DiskMb,
        OutputBytes = config.Sandbox.OutputBytes,
        Cpus = config.Sandbox.Cpus,
    };

    /// <summary>
    /// The modifier agent works on a copy of the parent's source; the runner takes the patch (diff against the parent)
    /// and packs the child's full source as a deterministic tar.gz.
    /// </summary>
    public SandboxJob SelfModify(JobIdentity id, string modifierBuildKey, string parentSnapshotKey, string problemKey)
    {
        var wall = config.Sandbox.WallSeconds.SelfModify;
        return Job(id, new StepSpec { Kind = StepKind.SelfModify, Agent = Agent(SelfTestHint, wall) }, wall) with
        {
            Inputs =
            [
                new SandboxInput(modifierBuildKey, JobPaths.Agent, Unpack: true),
                new SandboxInput(parentSnapshotKey, JobPaths.Workspace, Unpack: true),
                new SandboxInput(problemKey, JobPaths.Problem, Unpack: false),
            ],
            Network = NetworkPolicy.GatewayOnly,
        };
    }

    /// <summary>Publishes a snapshot in the flavour asked for and runs the result's self-test.</summary>
    public SandboxJob Build(JobIdentity id, string snapshotKey, AgentBuild flavour)
    {
        var wall = config.Sandbox.WallSeconds.Build;
        var selfTest = Math.Min(120, wall / 3.0);
        var call = new BuildCall { PublishSeconds = wall - selfTest - StepMargin(wall), SelfTestSeconds = selfTest, SingleFile = flavour == AgentBuild.SingleFile };
        var step = new StepSpec { Kind = StepKind.Build, Build = call };
        return Job(id, step, wall) with { Inputs = [new SandboxInput(snapshotKey, JobPaths.Source, Unpack: true)] };
    }

    /// <summary>A built agent on a fresh copy of the task's workspace; the runner takes its patch.</summary>
    public SandboxJob Solve(JobIdentity id, string buildKey, string suite, BenchmarkTask task)
    {
        var wall = Math.Min(task.Timeouts.AgentSeconds, config.Sandbox.WallSeconds.Solve);
        var step = new StepSpec { Kind = StepKind.Solve, Workspace = task.ImageWorkspace ?? JobPaths.Workspace, Agent = Agent(task.TestHint, wall) };
        return Job(id, step, wall) with
        {
            Inputs =
            [
                new SandboxInput(buildKey, JobPaths.Agent, Unpack: true),
                .. WorkspaceInputs(suite, task),
                new SandboxInput(SuiteLayout.Problem(suite, task.Id), JobPaths.Problem, Unpack: false),
            ],
            Network = NetworkPolicy.GatewayOnly,
            Image = task.Image,
            ImageFolders = ImageFolders(task),
        };
    }

    /// <summary>
    /// A fresh workspace, the (filtered) model patch, then the hidden tests, then the test command under the test
    /// timeout. Nothing else the agent wrote exists here.
    /// </summary>
    public SandboxJob Grade(JobIdentity id, string suite, BenchmarkTask task, string patchKey)
    {
        var inputs = new List<SandboxInput>(WorkspaceInputs(suite, task)) { new(patchKey, JobPaths.Patch, Unpack: false) };
        var hidden = task.HiddenTests switch
        {
            HiddenTestsFormat.Files => HiddenTests.Files,
            HiddenTestsFormat.Patch => HiddenTests.Patch,
            _ => HiddenTests.None,
        };
        if (hidden == HiddenTests.Files)
        {
            inputs.Add(new(SuiteLayout.Hidden(suite, task.Id), JobPaths.HiddenFiles, Unpack: true));
        }
        else if (hidden == HiddenTests.Patch)
        {
            inputs.Add(new(SuiteLayout.HiddenPatch(suite, task.Id), JobPaths.HiddenPatch, Unpack: false));
        }

        var wall = Math.Min(task.Timeouts.TestSeconds, config.Sandbox.WallSeconds.Grade);
        var step = new StepSpec
        {
            Kind = StepKind.Grade,
            Workspace = task.ImageWorkspace ?? JobPaths.Workspace,
            Grade = new GradeCall
            {
                TestCommand = task.TestCommand,
                TestSeconds = wall - StepMargin(wall),
                // The runner checks the applied patch again against the same lists, implicit imports included.
                ProtectedPaths = [.. task.ProtectedPaths, .. ImplicitImports.Globs],
                EditablePaths = task.EditablePaths,
                Hidden = hidden,
                Setup = task.TestSetup,
            },
        };
        return Job(id, step, wall) with { Inputs = inputs, Image = task.Image, ImageFolders = ImageFolders(task) };
    }

    /// <summary>The folders of the task's image its jobs change: the repository and the environment it is installed in.</summary>
    private static IReadOnlyList<string> ImageFolders(BenchmarkTask task) => [.. new[] { task.ImageWorkspace, task.ImageEnvironment }.OfType<string>()];

    /// <summary>The runner's own work after its untrusted part (taking the patch, packing, collecting) gets this much of the job's wall time.</summary>
    public static double StepMargin(int wallSeconds) => Math.Clamp(wallSeconds * 0.1, 5, 120);

    private AgentCall Agent(string testHint, int wallSeconds) => new()
    {
        TestHint = testHint,
        Seconds = wallSeconds - StepMargin(wallSeconds),
        MaxTurns = config.AgentMaxTurns,
        MaxOutputTokens = config.Models.Coding.MaxOutputTokens,
    };

    private SandboxJob Job(JobIdentity id, StepSpec step, int wallSeconds)
    {
        var environment = new Dictionary<string, string> { [JobVariables.Step] = JobsJson.Write(step) };
        if (step.Agent is not null)
        {
            environment[JobVariables.ModelName] = config.Models.Coding.Name;
        }

        return new SandboxJob
        {
            Id = id.JobId,
            RunId = id.RunId,
            Kind = step.Kind,
            Command = [JobPaths.Runner, "step"],
            Environment = environment,
            Limits = Limits(wallSeconds),
            Outputs = StepOutputs.Of(step.Kind)
                .Select(o => new SandboxOutput(JobPaths.OutputPath(o.Name), OutputKey(id, StepOutputs.ArtifactName(o.Name, o.Folder)), o.Folder))
                .ToList(),
        };
    }

    /// <summary>Image tasks bring their repository inside the image; every other task gets a fresh copy of its workspace artifact.</summary>
    private static IEnumerable<SandboxInput> WorkspaceInputs(string suite, BenchmarkTask task) =>
        task.ImageWorkspace is null ? [new SandboxInput(SuiteLayout.Workspace(suite, task.Id), JobPaths.Workspace, Unpack: true)] : [];
}

/// <summary>Identifies one launch of a job: the run, the node it works for, the job (stable across relaunches) and this launch.</summary>
public sealed record JobIdentity(string RunId, string NodeId, string JobId, string LaunchId);
