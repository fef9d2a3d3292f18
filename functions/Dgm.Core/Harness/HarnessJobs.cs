using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Sandbox;

namespace Dgm.Core.Harness;

/// <summary>
/// The four sandbox jobs of the DGM as <see cref="SandboxJob"/>s: self-modify, build (+ self-test), solve, grade.
/// Every job writes its outputs under its node's logs, <c>runs/{run}/nodes/{node}/logs/{job}/{launch}/</c>, so a
/// relaunched job never collides with what an earlier launch wrote.
/// </summary>
public sealed class HarnessJobs(RunConfig config)
{
    public const string SelfTestHint = "dotnet build -c Release && dotnet bin/Release/net10.0/DgmAgent.dll --self-test";

    /// <summary>Where the agent's binaries are inside a build output (the harness contract).</summary>
    public const string AgentDll = "agent/DgmAgent.dll";

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
    /// The modifier agent works on a copy of the parent's source; outputs: the patch (diff against the parent), the
    /// child's full source as a deterministic tar.gz, and the transcript.
    /// </summary>
    public SandboxJob SelfModify(JobIdentity id, string modifierBuildKey, string parentSnapshotKey, string problemKey) => new()
    {
        Id = id.JobId,
        RunId = id.RunId,
        Kind = SandboxJobKind.SelfModify,
        Inputs =
        [
            new SandboxInput(modifierBuildKey, "agent", Unpack: true),
            new SandboxInput(parentSnapshotKey, "work", Unpack: true),
            new SandboxInput(problemKey, "problem.md", Unpack: false),
        ],
        Command = ["bash", "-c", Scripts.Solve + Scripts.PackSnapshot],
        Environment = AgentEnvironment(SelfTestHint),
        Network = NetworkPolicy.GatewayOnly,
        Limits = Limits(config.Sandbox.WallSeconds.SelfModify),
        Outputs =
        [
            Output(id, "patch.diff"),
            Output(id, "snapshot.tar.gz"),
            Output(id, "transcript.md"),
            Output(id, "agent.rc"),
        ],
    };

    /// <summary>Compiles a snapshot and runs its self-test; outputs the binaries, both logs and both exit codes.</summary>
    public SandboxJob Build(JobIdentity id, string snapshotKey) => new()
    {
        Id = id.JobId,
        RunId = id.RunId,
        Kind = SandboxJobKind.Build,
        Inputs = [new SandboxInput(snapshotKey, "src", Unpack: true)],
        Command = ["bash", "-c", Scripts.Build],
        Limits = Limits(config.Sandbox.WallSeconds.Build),
        Outputs =
        [
            Output(id, "agent", pack: true),
            Output(id, "build.log"),
            Output(id, "build.rc"),
            Output(id, "selftest.log"),
            Output(id, "selftest.rc"),
        ],
    };

    /// <summary>A built agent on a fresh copy of the task's workspace; outputs the patch (git diff against the base, new files included) and the transcript.</summary>
    public SandboxJob Solve(JobIdentity id, string buildKey, string suite, BenchmarkTask task) => new()
    {
        Id = id.JobId,
        RunId = id.RunId,
        Kind = SandboxJobKind.Solve,
        Inputs =
        [
            new SandboxInput(buildKey, "agent", Unpack: true),
            .. WorkspaceInputs(suite, task),
            new SandboxInput(SuiteLayout.Problem(suite, task.Id), "problem.md", Unpack: false),
        ],
        Command = ["bash", "-c", Scripts.Solve],
        Environment = WithWorkspace(AgentEnvironment(task.TestHint), task),
        Network = NetworkPolicy.GatewayOnly,
        Limits = Limits(Math.Min(task.Timeouts.AgentSeconds, config.Sandbox.WallSeconds.Solve)),
        Outputs = [Output(id, "patch.diff"), Output(id, "transcript.md"), Output(id, "agent.rc")],
        Image = task.Image,
    };

    /// <summary>
    /// A fresh workspace, the (filtered) model patch, then the hidden tests, then the test command under the test
    /// timeout. Nothing else the agent wrote exists here.
    /// </summary>
    public SandboxJob Grade(JobIdentity id, string suite, BenchmarkTask task, string patchKey)
    {
        var inputs = new List<SandboxInput>(WorkspaceInputs(suite, task)) { new(patchKey, "patch.diff", Unpack: false) };
        if (task.HiddenTests == HiddenTestsFormat.Files)
        {
            inputs.Add(new(SuiteLayout.Hidden(suite, task.Id), "hidden", Unpack: true));
        }
        else if (task.HiddenTests == HiddenTestsFormat.Patch)
        {
            inputs.Add(new(SuiteLayout.HiddenPatch(suite, task.Id), "hidden.diff", Unpack: false));
        }

        return new SandboxJob
        {
            Id = id.JobId,
            RunId = id.RunId,
            Kind = SandboxJobKind.Grade,
            Inputs = inputs,
            Command = ["bash", "-c", Scripts.Grade],
            Environment = WithWorkspace(new Dictionary<string, string> { ["DGM_TEST_COMMAND"] = task.TestCommand }, task),
            Limits = Limits(Math.Min(task.Timeouts.TestSeconds, config.Sandbox.WallSeconds.Grade)),
            Outputs = [Output(id, "test.log")],
            Image = task.Image,
        };
    }

    private Dictionary<string, string> AgentEnvironment(string testHint) => new()
    {
        ["DGM_TEST_HINT"] = testHint,
        ["DGM_MODEL_NAME"] = config.Models.Coding.Name,
    };

    /// <summary>Image tasks bring their repository inside the image; every other task gets a fresh copy of its workspace artifact.</summary>
    private static IEnumerable<SandboxInput> WorkspaceInputs(string suite, BenchmarkTask task) =>
        task.ImageWorkspace is null ? [new SandboxInput(SuiteLayout.Workspace(suite, task.Id), "work", Unpack: true)] : [];

    private static Dictionary<string, string> WithWorkspace(Dictionary<string, string> environment, BenchmarkTask task)
    {
        if (task.ImageWorkspace is { } path)
        {
            environment["DGM_WORK"] = path;
        }

        return environment;
    }

    private static SandboxOutput Output(JobIdentity id, string name, bool pack = false) =>
        new(name, OutputKey(id, pack ? name + ".tar.gz" : name), pack);

    /// <summary>The bash scripts the jobs run; kept here so both sandboxes run the same steps.</summary>
    private static class Scripts
    {
        /// <summary>The workspace (a fresh copy, or the image's repository) committed as the base the patch is taken against.</summary>
        private const string Base =
            "set -u\nW=\"${DGM_WORK:-$PWD/work}\"\n" +
            "git -C \"$W\" init -q && git -C \"$W\" add -A && " +
            "git -C \"$W\" -c user.name=dgm -c user.email=dgm@localhost commit -q --allow-empty -m base && git -C \"$W\" tag dgm-base || exit 96\n";

        public const string Solve =
            Base +
            "dotnet agent/DgmAgent.dll --workspace \"$W\" --problem problem.md --test-hint \"$DGM_TEST_HINT\" --transcript transcript.md > agent.log 2>&1\n" +
            "echo $? > agent.rc\n" +
            "git -C \"$W\" add -A && git -C \"$W\" diff --cached --binary dgm-base > patch.diff\n";

        /// <summary>The child's source as a deterministic archive (sorted names, fixed times and owners), so equal sources hash equal.</summary>
        public const string PackSnapshot =
            "set -o pipefail; git -C \"$W\" ls-files -z | tar -C \"$W\" --null -T - --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - | gzip -n > snapshot.tar.gz || rm -f snapshot.tar.gz\n";

        public const string Build =
            "set -u\n" +
            "(cd src && dotnet build -c Release --nologo) > build.log 2>&1; echo $? > build.rc\n" +
            "mkdir -p agent && cp -a src/bin/Release/net10.0/. agent/ 2>/dev/null\n" +
            "if [ \"$(cat build.rc)\" = 0 ]; then dotnet agent/DgmAgent.dll --self-test > selftest.log 2>&1; echo $? > selftest.rc; else echo 'not run: the build failed' > selftest.log; echo 125 > selftest.rc; fi\n";

        public static readonly string Grade =
            Base +
            "if [ -s patch.diff ]; then git -C \"$W\" apply --whitespace=nowarn \"$PWD/patch.diff\" || { echo 'dgm: the patch does not apply' >&2; exit " + GradeVerdict.PatchDoesNotApply + "; }; fi\n" +
            "if [ -d hidden ]; then cp -a hidden/. \"$W\"/; fi\n" +
            "if [ -f hidden.diff ]; then git -C \"$W\" apply --whitespace=nowarn \"$PWD/hidden.diff\" || { echo 'dgm: the hidden tests do not apply' >&2; exit " + GradeVerdict.HiddenTestsDoNotApply + "; }; fi\n" +
            "out=\"$PWD/test.log\"; cd \"$W\" && bash -c \"$DGM_TEST_COMMAND\" > \"$out\" 2>&1; rc=$?; cat \"$out\"; exit $rc\n";
    }
}

/// <summary>Identifies one launch of a job: the run, the node it works for, the job (stable across relaunches) and this launch.</summary>
public sealed record JobIdentity(string RunId, string NodeId, string JobId, string LaunchId);
