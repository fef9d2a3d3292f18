namespace Dgm.Jobs;

/// <summary>
/// Where things are inside every sandbox. The job root holds the inputs at these paths and the runner's outputs under
/// <see cref="Output"/>; the DGM's own read-only files (the runner, shared tool folders) are under <see cref="Dgm"/>.
/// </summary>
public static class JobPaths
{
    /// <summary>The job root inside a sandbox; the runner's inputs and outputs are relative to it.</summary>
    public const string Root = "/job";

    /// <summary>The DGM's read-only folder inside a sandbox.</summary>
    public const string Dgm = "/dgm";

    /// <summary>The runner executable inside a sandbox.</summary>
    public const string Runner = Dgm + "/runner";

    /// <summary>Tool folders every sandbox sees read-only (shared node_modules, offline packages), when the host has them.</summary>
    public const string Tools = Dgm + "/tools";

    /// <summary>The built agent (solve, self-modify): a folder holding <see cref="AgentExecutable"/> or <see cref="AgentAssembly"/>.</summary>
    public const string Agent = "agent";

    /// <summary>A single-file build: one self-contained executable that runs in any image.</summary>
    public const string AgentExecutable = "DgmAgent";

    /// <summary>A framework-dependent build: run as <c>dotnet DgmAgent.dll</c> where the sandbox has .NET.</summary>
    public const string AgentAssembly = "DgmAgent.dll";

    /// <summary>The workspace a job works on when the task's repository is not inside its image.</summary>
    public const string Workspace = "work";

    public const string Problem = "problem.md";

    /// <summary>Build: the agent's source.</summary>
    public const string Source = "src";

    /// <summary>Grade: the patch to apply (may be empty).</summary>
    public const string Patch = "patch.diff";

    /// <summary>Grade: hidden test files copied over the workspace.</summary>
    public const string HiddenFiles = "hidden";

    /// <summary>Grade: hidden tests as a diff applied after the patch.</summary>
    public const string HiddenPatch = "hidden.diff";

    /// <summary>Where the runner writes everything it reports; the sandbox collects <see cref="StepOutputs"/> from here.</summary>
    public const string Output = "out";

    /// <summary>The path of an output inside the job root.</summary>
    public static string OutputPath(string name) => $"{Output}/{name}";
}

/// <summary>What the runner leaves in <see cref="JobPaths.Output"/>, by step.</summary>
public static class StepOutputs
{
    /// <summary>Every step: the <see cref="StepReport"/>.</summary>
    public const string Report = "step.json";

    public const string Patch = "patch.diff";

    public const string Transcript = "transcript.md";

    public const string AgentLog = "agent.log";

    /// <summary>Self-modify: the child's source as a deterministic tar.gz.</summary>
    public const string Snapshot = "snapshot.tar.gz";

    /// <summary>Build: the folder holding the published agent (collected packed).</summary>
    public const string Agent = "agent";

    public const string BuildLog = "build.log";

    public const string SelfTestLog = "selftest.log";

    public const string TestLog = "test.log";

    /// <summary>Grade: the test command's per-test report files (collected packed).</summary>
    public const string Reports = "reports";

    /// <summary>The outputs of a step, and whether each is a folder (collected as tar.gz).</summary>
    public static IReadOnlyList<(string Name, bool Folder)> Of(StepKind kind) => kind switch
    {
        StepKind.Solve => [(Report, false), (Patch, false), (Transcript, false), (AgentLog, false)],
        StepKind.SelfModify => [(Report, false), (Patch, false), (Transcript, false), (AgentLog, false), (Snapshot, false)],
        StepKind.Build => [(Report, false), (Agent, true), (BuildLog, false), (SelfTestLog, false)],
        StepKind.Grade => [(Report, false), (TestLog, false), (Reports, true)],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown step"),
    };

    /// <summary>The artifact name of an output: folders are stored packed.</summary>
    public static string ArtifactName(string name, bool folder) => folder ? name + ".tar.gz" : name;
}

/// <summary>The environment variables of the job contract.</summary>
public static class JobVariables
{
    /// <summary>The <see cref="StepSpec"/> as JSON.</summary>
    public const string Step = "DGM_STEP";

    /// <summary>The folder a grade's test command writes its per-test report into.</summary>
    public const string ReportDirectory = "DGM_REPORT_DIR";

    /// <summary>The model gateway, its scoped token and the model name: the agent's only way to a model.</summary>
    public const string ModelUrl = "DGM_MODEL_URL";

    public const string ModelToken = "DGM_MODEL_TOKEN";

    public const string ModelName = "DGM_MODEL_NAME";

    /// <summary>Runner knob: the job root when it is not <see cref="JobPaths.Root"/> (tests).</summary>
    public const string JobRoot = "DGM_JOB_ROOT";

    /// <summary>Runner knob: the shared tool folder when it is not <see cref="JobPaths.Tools"/> (tests, hosts without a sandbox).</summary>
    public const string ToolsRoot = "DGM_TOOLS";

    /// <summary>The transfer spec of a sandbox whose runner fetches inputs and uploads outputs itself (ACI).</summary>
    public const string TransferSpec = "DGM_JOB_SPEC";
}

/// <summary>The runner's exit codes; a step's own outcome is in its <see cref="StepReport"/>, not here.</summary>
public static class RunnerExitCodes
{
    /// <summary>The step ran and its report is written, whatever the agent or the tests did.</summary>
    public const int Done = 0;

    /// <summary>Transfer mode: the transfer spec is missing or invalid.</summary>
    public const int BadTransferSpec = 2;

    /// <summary>Transfer mode: the result could not be uploaded.</summary>
    public const int UploadFailed = 3;

    /// <summary>EX_USAGE: the command line or the step spec is invalid.</summary>
    public const int BadStep = 64;

    /// <summary>EX_SOFTWARE: the runner itself failed; its report says why when it could still write one.</summary>
    public const int InternalError = 70;
}
