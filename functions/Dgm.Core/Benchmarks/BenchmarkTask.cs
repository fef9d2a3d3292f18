namespace Dgm.Core.Benchmarks;

/// <summary>Time limits of a task: the agent's work and the hidden tests' run.</summary>
public sealed record TaskTimeouts
{
    public int AgentSeconds { get; init; } = 600;

    public int TestSeconds { get; init; } = 120;
}

/// <summary>
/// One benchmark task (see benchmarks/README.md). Its workspace, hidden tests and gold patch are artifacts under
/// <c>benchmarks/{suite}/tasks/{id}/</c>; this record is their <c>task.json</c>, with the problem statement inlined.
/// </summary>
public sealed record BenchmarkTask
{
    public required string Id { get; init; }

    public required string Language { get; init; }

    /// <summary>bugfix or feature (free text for imported suites).</summary>
    public string Kind { get; init; } = "bugfix";

    /// <summary>Commands that must be on PATH to run the task; a task whose toolchain is missing is skipped, not failed.</summary>
    public IReadOnlyList<string> Toolchain { get; init; } = [];

    /// <summary>What provides each toolchain entry (a package), named when a task is skipped for the lack of it.</summary>
    public IReadOnlyDictionary<string, string> ToolchainProviders { get; init; } = new Dictionary<string, string>();

    public required string TestCommand { get; init; }

    /// <summary>The per-test report the test command writes into <c>$DGM_REPORT_DIR</c>; grading requires it to show every test passed.</summary>
    public TestReportFormat TestReport { get; init; } = TestReportFormat.None;

    /// <summary>Shell lines run before the test command in the same shell (a task image's environment, reinstalling the package).</summary>
    public string? TestSetup { get; init; }

    /// <summary>SWE-bench: the tests the gold patch makes pass; every one must be reported passed.</summary>
    public IReadOnlyList<string> FailToPass { get; init; } = [];

    /// <summary>SWE-bench: the tests that passed before and after the gold patch; every one must be reported passed.</summary>
    public IReadOnlyList<string> PassToPass { get; init; } = [];

    /// <summary>What the agent is told to run to check its work.</summary>
    public string TestHint { get; init; } = "";

    public TaskTimeouts Timeouts { get; init; } = new();

    /// <summary>Globs (relative to the workspace) of the only paths a patch may change; empty allows any path that is not protected.</summary>
    public IReadOnlyList<string> EditablePaths { get; init; } = [];

    /// <summary>Globs (relative to the workspace) whose hunks are stripped from a patch before grading.</summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>Container image the task must run in (SWE-bench); null for tasks the local sandbox can run.</summary>
    public string? Image { get; init; }

    /// <summary>For image tasks: where the repository already sits inside the image (e.g. /testbed); there is no workspace artifact.</summary>
    public string? ImageWorkspace { get; init; }

    /// <summary>
    /// For image tasks: the environment the tests install the package into (SWE-bench's conda environment
    /// /opt/miniconda3/envs/testbed). Every job of the task may change it, as the harness's reinstall does.
    /// </summary>
    public string? ImageEnvironment { get; init; }

    /// <summary>The issue text the agent receives; inlined when the suite is stored.</summary>
    public string ProblemStatement { get; init; } = "";

    /// <summary>How the hidden tests reach the grading workspace.</summary>
    public HiddenTestsFormat HiddenTests { get; init; } = HiddenTestsFormat.Files;

    public bool HasGoldPatch { get; init; }
}

public enum HiddenTestsFormat
{
    /// <summary>A tree of files copied over the workspace (hidden.tar.gz).</summary>
    Files,

    /// <summary>A diff applied after the model patch (hidden.diff; SWE-bench's test_patch).</summary>
    Patch,

    None,
}

/// <summary>A stored suite: <c>benchmarks/{name}/suite.json</c>.</summary>
public sealed record SuiteManifest
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public int Version { get; init; } = 1;

    /// <summary>Task ids in a stable order.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];
}
