using System.Text.Json.Serialization;

namespace Dgm.Jobs;

/// <summary>The four things the DGM runs in sandboxes; the runner does one of them per job.</summary>
public enum StepKind
{
    /// <summary>A built agent works on a task's workspace; the runner takes its patch.</summary>
    [JsonStringEnumMemberName("solve")]
    Solve,

    /// <summary>A parent agent works on a copy of its own source; the runner takes its patch and the child's source.</summary>
    [JsonStringEnumMemberName("self_modify")]
    SelfModify,

    /// <summary>An agent's source is published as a single executable that then runs its own self-test.</summary>
    [JsonStringEnumMemberName("build")]
    Build,

    /// <summary>A fresh workspace, the patch, the hidden tests, then the test command with its per-test report.</summary>
    [JsonStringEnumMemberName("grade")]
    Grade,
}

/// <summary>
/// What the runner does in one job, as it reads it from <see cref="JobVariables.Step"/>. Relative paths are relative
/// to the job root; <see cref="Workspace"/> may also be absolute (the repository inside a task image).
/// </summary>
public sealed record StepSpec
{
    public required StepKind Kind { get; init; }

    /// <summary>The repository the step works on: the workspace input, or where a task image holds it (e.g. /testbed).</summary>
    public string Workspace { get; set; } = JobPaths.Workspace;

    /// <summary>Solve and self-modify: how the agent is called.</summary>
    public AgentCall? Agent { get; init; }

    /// <summary>Build: how the agent's source is published and self-tested.</summary>
    public BuildCall? Build { get; init; }

    /// <summary>Grade: the patch, the hidden tests and the test command.</summary>
    public GradeCall? Grade { get; init; }
}

/// <summary>One call of the built agent (<see cref="JobPaths.AgentExecutable"/>) on the workspace.</summary>
public sealed record AgentCall
{
    public required string TestHint { get; init; }

    /// <summary>When the runner stops the agent; the rest of the job's wall time is for taking its patch.</summary>
    public required double Seconds { get; init; }

    /// <summary>Model calls the agent may make; null leaves it to the agent (wall time and tokens still bound it).</summary>
    public int? MaxTurns { get; init; }

    /// <summary>The output-token cap of one model call; null leaves it to the agent.</summary>
    public int? MaxOutputTokens { get; init; }
}

/// <summary>Publishing the source in <see cref="JobPaths.Source"/> and running the result's self-test.</summary>
public sealed record BuildCall
{
    public required double PublishSeconds { get; init; }

    public required double SelfTestSeconds { get; init; }

    /// <summary>
    /// One self-contained executable for linux-x64 (<see cref="JobPaths.AgentExecutable"/>) that runs in any image, with
    /// no .NET there; otherwise the framework-dependent <see cref="JobPaths.AgentAssembly"/>, which builds several
    /// times faster and runs wherever the sandbox provides .NET.
    /// </summary>
    public bool SingleFile { get; set; }
}

/// <summary>Grading one patch: apply it to the fresh workspace, check what it changed, add the hidden tests, run the tests.</summary>
public sealed record GradeCall
{
    /// <summary>
    /// A bash command run in the workspace. It must write its per-test report into the folder named by
    /// <see cref="JobVariables.ReportDirectory"/>, which exists only while it runs and whose name it cannot guess earlier.
    /// </summary>
    public required string TestCommand { get; init; }

    public required double TestSeconds { get; init; }

    /// <summary>Globs of the paths a patch may change; empty means any path that is not protected.</summary>
    public IReadOnlyList<string> EditablePaths { get; set; } = [];

    /// <summary>Globs of the paths a patch must never change (the tests and what could tamper with their run).</summary>
    public IReadOnlyList<string> ProtectedPaths { get; set; } = [];

    /// <summary>How the hidden tests arrive: files copied over the workspace, a diff applied after the patch, or none.</summary>
    public HiddenTests Hidden { get; set; } = HiddenTests.Files;

    /// <summary>Shell lines run before the test command in the same shell (e.g. activating a task image's environment).</summary>
    public string? Setup { get; init; }
}

public enum HiddenTests
{
    /// <summary>The tree in <see cref="JobPaths.HiddenFiles"/> is copied over the workspace.</summary>
    [JsonStringEnumMemberName("files")]
    Files,

    /// <summary>The diff in <see cref="JobPaths.HiddenPatch"/> is applied after the patch (SWE-bench's test_patch).</summary>
    [JsonStringEnumMemberName("patch")]
    Patch,

    [JsonStringEnumMemberName("none")]
    None,
}
