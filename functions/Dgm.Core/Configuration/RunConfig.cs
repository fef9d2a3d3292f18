using System.Text.Json.Serialization;

namespace Dgm.Core.Configuration;

/// <summary>
/// Everything that defines a DGM run, loaded from one JSON document. Defaults follow the paper where it
/// gives a number; a missing field takes its default, an unknown field is an error.
/// </summary>
public sealed record RunConfig
{
    public ModelRoles Models { get; init; } = new();

    public SelectionSettings Selection { get; init; } = new();

    /// <summary>Self-improvement attempts (children) per iteration; the paper uses 2.</summary>
    public int ChildrenPerIteration { get; init; } = 2;

    /// <summary>How many iterations (generations) the run performs after evaluating the seed; the paper uses 80. Zero evaluates the seed only.</summary>
    public int Iterations { get; init; } = 80;

    /// <summary>How children follow one another: in generations (the paper's loop, the default) or steadily, one starting as another ends.</summary>
    public LoopKind Loop { get; init; } = LoopKind.Generations;

    /// <summary>Children running at once in the steady loop; null (the default) takes <see cref="ChildrenPerIteration"/>.</summary>
    public int? MaxChildrenInFlight { get; init; }

    /// <summary>The most children that run at once: a generation's children, or the steady loop's cap.</summary>
    [JsonIgnore]
    public int ChildrenAtOnce => Loop == LoopKind.Steady ? MaxChildrenInFlight ?? ChildrenPerIteration : ChildrenPerIteration;

    /// <summary>
    /// Children the run makes in all after the seed. The steady loop makes as many as the generations would, so the
    /// two loops of one configuration do the same work.
    /// </summary>
    [JsonIgnore]
    public int TotalChildren => Iterations * ChildrenPerIteration;

    /// <summary>Staged evaluation: each stage adds tasks; a stage after the first runs only when its gate opens.</summary>
    public IReadOnlyList<StageSpec> Stages { get; init; } = StageSpec.PaperDefaults;

    /// <summary>Attempts per task (k) for pass@k; accuracy is the mean over all attempts.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>How many sandbox jobs one evaluation runs at once.</summary>
    public int MaxParallelJobs { get; init; } = 4;

    public AdmissionSettings Admission { get; init; } = new();

    public BudgetLimits Budget { get; init; } = new();

    public SandboxSettings Sandbox { get; init; } = new();

    public BenchmarkSettings Benchmark { get; init; } = new();

    /// <summary>Tasks of the suite the run never trains on, graded on every admitted node to catch reward hacking; null (the default) grades none.</summary>
    public HeldOutSettings? HeldOut { get; init; }

    /// <summary>Seed of every random decision of the run; recorded so a run can be reproduced.</summary>
    public long Seed { get; init; }

    public ApprovalSettings Approval { get; init; } = new();

    /// <summary>Model calls a coding agent may make in one job; null (the default) sets no cap, as wall time and tokens bound the job.</summary>
    public int? AgentMaxTurns { get; init; }
}

public enum LoopKind
{
    /// <summary>Each iteration selects its parents, runs its children together and commits them together (the paper's loop).</summary>
    Generations,

    /// <summary>
    /// No generation barrier: a child starts as soon as one ends, from the archive as it is then, and each child is
    /// committed on its own (one iteration record each), so a slow child never idles the others.
    /// </summary>
    Steady,
}

public sealed record ModelRoles
{
    /// <summary>The outer-loop model that reads a failure log and proposes the next improvement.</summary>
    public ModelSpec Diagnosis { get; init; } = new();

    /// <summary>The model the coding agents call from inside their sandboxes.</summary>
    public ModelSpec Coding { get; init; } = new();
}

public sealed record ModelSpec
{
    public ModelProvider Provider { get; init; } = ModelProvider.Replay;

    /// <summary>Model or deployment name sent to the backend.</summary>
    public string Name { get; init; } = "demo";

    /// <summary>Endpoint for openai_compatible and azure_openai; ignored by replay.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Replay cassette: a file path, or "demo" for the cassette that ships with the product (replay only).</summary>
    public string? Cassette { get; init; } = "demo";

    /// <summary>Dollars per million input (prompt) tokens.</summary>
    public decimal InputPricePerMillion { get; init; }

    /// <summary>Dollars per million output (completion) tokens.</summary>
    public decimal OutputPricePerMillion { get; init; }

    /// <summary>
    /// Most tokens (input + output) one sandbox job or diagnosis may use through the gateway. Null (the default) derives
    /// each job's budget from what the run has left when the job is reserved, so the run's dollar budget is the bound.
    /// </summary>
    public long? TokenBudgetPerJob { get; init; }

    /// <summary>
    /// The model's own output limit per call. A call asks for no more than this; a call that sets no limit is sent
    /// what its job's token budget has left, capped by this. Unset, such a call is sent no limit and holds all that
    /// its job has left while it runs.
    /// </summary>
    public int? MaxOutputTokens { get; init; }
}

public enum ModelProvider
{
    /// <summary>Scripted responses from a cassette: no AI.</summary>
    Replay,
    [JsonStringEnumMemberName("openai_compatible")]
    OpenAICompatible,
    [JsonStringEnumMemberName("azure_openai")]
    AzureOpenAI,
}

public sealed record SelectionSettings
{
    public SelectionPolicy Policy { get; init; } = SelectionPolicy.ScoreChildProp;

    /// <summary>How many top nodes <see cref="SelectionPolicy.Best"/> cycles through; defaults to the children per iteration.</summary>
    public int? TopK { get; init; }
}

public enum SelectionPolicy
{
    ScoreChildProp,
    ScoreProp,
    Random,
    Best,
    Hgm,
    NoDarwin,
    NoSelfimprove,
}

/// <summary>One evaluation stage: how many tasks it adds and the gate that must open before it runs.</summary>
public sealed record StageSpec
{
    public static IReadOnlyList<StageSpec> PaperDefaults { get; } =
    [
        new() { Tasks = 10 },
        new() { Tasks = 50, MinResolvedFraction = 0.4 },
        new() { Tasks = 140, AboveSecondBest = true, Floor = 0.4 },
    ];

    public int Tasks { get; init; } = 10;

    /// <summary>
    /// The stage's tasks pinned by id (e.g. the paper's subsets, so scores compare with it); null draws
    /// <see cref="Tasks"/> tasks from the suite's stable sample. A task an earlier stage already has is not run again.
    /// </summary>
    public IReadOnlyList<string>? TaskIds { get; init; }

    /// <summary>Open when accuracy so far is at least this fraction (inclusive).</summary>
    public double? MinResolvedFraction { get; init; }

    /// <summary>Open when accuracy so far is strictly above the second-best full-evaluation score in the archive.</summary>
    public bool AboveSecondBest { get; init; }

    /// <summary>Lower bound of the second-best threshold.</summary>
    public double Floor { get; init; }

    [JsonIgnore]
    public bool HasGate => MinResolvedFraction is not null || AboveSecondBest;
}

public sealed record AdmissionSettings
{
    public AdmissionRule Rule { get; init; } = AdmissionRule.KeepAll;

    /// <summary>keep_better admits a child scoring at least the seed's score minus this leeway.</summary>
    public double NoiseLeeway { get; init; } = 0.1;
}

public enum AdmissionRule
{
    KeepAll,
    KeepBetter,
}

/// <summary>Hard limits of a run; the orchestrator never launches work that would cross one.</summary>
public sealed record BudgetLimits
{
    public decimal Dollars { get; init; } = 100m;

    public long Tokens { get; init; } = 50_000_000;

    public double SandboxSeconds { get; init; } = 2_000_000;

    public double WallTimeMinutes { get; init; } = 7 * 24 * 60;
}

public sealed record SandboxSettings
{
    /// <summary>Which local sandbox runs the jobs (the cloud host always uses ACI); <c>--sandbox</c> overrides it.</summary>
    public SandboxKind Kind { get; init; } = SandboxKind.Auto;

    public JobWallSeconds WallSeconds { get; init; } = new();

    public int MemoryMb { get; init; } = 4096;

    public int Processes { get; init; } = 512;

    public int DiskMb { get; init; } = 4096;

    /// <summary>CPU-seconds a job may use; defaults to its wall time times its vCPUs.</summary>
    public double? CpuSeconds { get; init; }

    public double Cpus { get; init; } = 1;

    /// <summary>Most bytes of combined stdout/stderr kept per job.</summary>
    public int OutputBytes { get; init; } = 1_000_000;

    /// <summary>Seconds between durable polls of a running job (each poll also waits briefly for the job to end).</summary>
    public double PollSeconds { get; init; } = 1;

    public SandboxPrices Prices { get; init; } = new();
}

/// <summary>The local sandboxes: a process sandbox (bubblewrap, or util-linux unshare) or one Docker container per job.</summary>
public enum SandboxKind
{
    /// <summary>bubblewrap when installed, else unshare.</summary>
    Auto,
    Bubblewrap,
    Unshare,
    Docker,
}

/// <summary>Wall-time limit per job kind.</summary>
public sealed record JobWallSeconds
{
    public int SelfModify { get; init; } = 1800;

    public int Build { get; init; } = 600;

    public int Solve { get; init; } = 900;

    public int Grade { get; init; } = 300;
}

/// <summary>Sandbox prices; zero for the local machine, ACI's list prices for the cloud.</summary>
public sealed record SandboxPrices
{
    public decimal VcpuSecond { get; init; }

    public decimal GbSecond { get; init; }
}

public sealed record BenchmarkSettings
{
    public string Suite { get; init; } = "starter";

    /// <summary>Key of the deterministic task order; a different split evaluates a different sample.</summary>
    public string Split { get; init; } = "default";
}

/// <summary>
/// A held-out task set: no stage has these tasks, so no child is selected by them and no diagnosis names them; every
/// admitted node is graded on them too, so a child whose stage score rises while its held-out score falls stands out.
/// </summary>
public sealed record HeldOutSettings
{
    /// <summary>How many tasks to hold out, drawn language-balanced from the tasks no stage pins; with <see cref="TaskIds"/> the two must agree.</summary>
    public int? Tasks { get; init; }

    /// <summary>The held-out tasks pinned by id; none may be a task a stage pins.</summary>
    public IReadOnlyList<string>? TaskIds { get; init; }

    [JsonIgnore]
    public int Count => TaskIds?.Count ?? Tasks ?? 0;
}

public sealed record ApprovalSettings
{
    /// <summary>
    /// When set, each iteration waits for an approval event before the next begins; in the steady loop, each
    /// <c>childrenPerIteration</c> children wait for one, and start once the children before them have ended.
    /// </summary>
    public bool Required { get; init; }

    public double TimeoutMinutes { get; init; } = 60;
}
