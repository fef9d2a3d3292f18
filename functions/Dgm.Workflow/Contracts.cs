using System.Text.Json.Serialization;
using Dgm.Core.Archive;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Workflow;

// The messages orchestrators and activities exchange. Small and serializable: they are what durable history stores.

/// <summary>
/// The run orchestrator's input: carried across ContinueAsNew, so it stays small. <see cref="Iteration"/> is the next
/// iteration to commit; in the steady loop, where each child is committed on its own, the next child to commit.
/// </summary>
public sealed record RunState(string RunId, int Iteration, DateTimeOffset StartedAt, RunProgress? Progress = null)
{
    /// <summary>The steady loop's children; null in the generations loop, and in a steady run before it is recovered on resume.</summary>
    public SteadyState? Steady { get; init; }
}

/// <summary>
/// The steady loop between two turns: how many children it started (child n is <c>c{n}</c>), which of them are still in
/// flight, up to which child the approval gate let it start, and why it stopped starting children, if it did.
/// </summary>
public sealed record SteadyState(int Started, int ApprovedThrough, IReadOnlyList<int> InFlight, string? StopReason)
{
    /// <summary>After the seed: nothing started, and nothing approved yet (a run without the gate never asks).</summary>
    public static SteadyState Begin { get; } = new(0, 0, [], null);
}

/// <summary>Children of a steady run, by number.</summary>
public sealed record SteadyChildrenRef(string RunId, IReadOnlyList<int> Numbers);

/// <summary>What a steady child ran with, and whether it grades admitted children on the held-out tasks.</summary>
public sealed record SteadyChildInput(string RunId, int Number, ChildPlan Plan, double PollSeconds, bool GradesHeldOut);

/// <summary>A steady child's end as it records it: its plan, its result, and why held-out grading stopped early, if it did.</summary>
public sealed record SteadyOutcome(int Number, ChildPlan Plan, ChildResult Result, string? HeldOutStop);

public sealed record SteadyChildEnded(string RunId, SteadyOutcome Outcome);

/// <summary>Steady children that ended, to commit in this order as iterations <see cref="First"/>, <see cref="First"/> + 1, ….</summary>
public sealed record CommitChildrenInput(string RunId, int First, IReadOnlyList<SteadyOutcome> Ended);

/// <summary>The children a steady run has in flight, to find those that ended.</summary>
public sealed record SteadyInFlight(string RunId, IReadOnlyList<int> Numbers);

/// <summary>What a run ended with.</summary>
public sealed record RunOutcome(RunStatus Status, string Reason, int Iterations);

public sealed record IterationInput(string RunId, int Iteration);

public sealed record ChildInput(string RunId, int Iteration, ChildPlan Plan, double PollSeconds);

public sealed record NodeRef(string RunId, string NodeId);

/// <summary>
/// Evaluate a node's build on the run's stages; gates apply to children, the seed is evaluated on every stage. With
/// <see cref="HeldOut"/>, on the run's held-out tasks instead, as one stage.
/// </summary>
public sealed record EvaluationInput(string RunId, string NodeId, string BuildKey, bool ApplyGates, double PollSeconds)
{
    public bool HeldOut { get; init; }
}

/// <summary>Grade an admitted node (or the seed) on the run's held-out tasks.</summary>
public sealed record HeldOutInput(string RunId, string NodeId, double PollSeconds);

/// <summary>A node's held-out grades as recorded, or — before they are — the build to grade.</summary>
public sealed record HeldOutStart(HeldOutSummary? Recorded, string BuildKey);

/// <summary>What a node's held-out grading came to, and why it stopped early (the budget), if it did.</summary>
public sealed record HeldOutSummary(string NodeId, int Resolved, int Submitted, string? StoppedBecause);

public sealed record RecordHeldOutInput(NodeRef Node, EvaluationOutput Evaluation);

/// <summary>The stages a node was graded on, the tasks the plan held, and why evaluation stopped early (a closed gate, the budget), if it did.</summary>
public sealed record EvaluationOutput(IReadOnlyList<StageResult> Stages, IReadOnlyList<string> Planned, string? StoppedBecause, bool BudgetExhausted);

/// <summary>An agent of a burst evaluation: a label (the node id) and its snapshot, built in the flavour the evaluation's suite needs.</summary>
public sealed record BurstAgent(string Label, string SnapshotHash);

/// <summary>A cost-bounded evaluation of agents, each on every task of the evaluation run's single stage, one agent after another.</summary>
public sealed record BurstInput(string EvaluationId, IReadOnlyList<BurstAgent> Agents, double PollSeconds);

/// <summary>What one agent of a burst got graded on and what the cap left out.</summary>
public sealed record BurstAgentResult(string Label, IReadOnlyList<string> Evaluated, IReadOnlyList<string> NotEvaluated, double Accuracy, IReadOnlyDictionary<int, double> PassAtK);

public sealed record BurstReport(IReadOnlyList<BurstAgentResult> Agents, string? StoppedBecause);

/// <summary>The run's task plan: task ids per stage, the gate threshold of this moment, and tasks skipped for a missing toolchain.</summary>
public sealed record EvaluationPlan(
    IReadOnlyList<IReadOnlyList<PlannedTask>> Stages,
    IReadOnlyList<StageSpec> Gates,
    double? SecondBestFullScore,
    int Attempts,
    int MaxParallelJobs,
    IReadOnlyList<string> Skipped);

/// <summary>One graded attempt of a task, or the budget's refusal to run it.</summary>
public sealed record AttemptResult(string TaskId, string Language, int Attempt, AttemptOutcome? Outcome, string? Refusal);

public sealed record AttemptInput(string RunId, string NodeId, string BuildKey, PlannedTask Task, int Attempt, double PollSeconds);

/// <summary>One sandbox job to run to completion: what it is, for whom; the activity builds the <see cref="SandboxJob"/>.</summary>
public sealed record JobRequest
{
    public required string RunId { get; init; }

    public required string JobId { get; init; }

    public required StepKind Kind { get; init; }

    public required string NodeId { get; init; }

    public string? TaskId { get; init; }

    /// <summary>Build artifact of the agent that runs (self-modify: the modifier's; solve: the node's).</summary>
    public string? BuildKey { get; init; }

    /// <summary>Source snapshot to modify (self-modify) or to build (build).</summary>
    public string? SnapshotKey { get; init; }

    public string? ProblemKey { get; init; }

    /// <summary>The (filtered) patch to grade.</summary>
    public string? PatchKey { get; init; }

    /// <summary>Seconds between durable polls while the job runs.</summary>
    public double PollSeconds { get; init; } = 1;
}

/// <summary>A launch: its id (part of every output key) and, once started, where to find it.</summary>
public sealed record StartJobInput(JobRequest Request, string LaunchId)
{
    [JsonIgnore]
    public Core.Harness.JobIdentity Identity => new(Request.RunId, Request.NodeId, Request.JobId, LaunchId);

    /// <summary>Budget reservations and model usage are per launch.</summary>
    [JsonIgnore]
    public string LaunchKey => $"{Request.JobId}-{LaunchId}";
}

/// <summary>
/// A launched job (or the budget's refusal, or why the sandbox cannot take it yet) with its limits as the orchestrator
/// keeps them: how long it may take to start, its wall limit, and how long past it the orchestrator waits before giving up.
/// </summary>
public sealed record JobStarted(SandboxJobHandle? Handle, BudgetRefusal? Refusal, double ProvisionSeconds, int WallSeconds, double GraceSeconds)
{
    /// <summary>Why the sandbox could not take the job now (quota, throttling, capacity); the job waits and starts again.</summary>
    public string? Busy { get; init; }

    /// <summary>How long the sandbox asked to wait before the next start.</summary>
    public double RetryAfterSeconds { get; init; }

    /// <summary>The first wait before starting a busy job again, and how many starts it gets.</summary>
    public double BusyBackoffSeconds { get; init; }

    public int BusyAttempts { get; init; } = 1;
}

public sealed record SettleJobInput(StartJobInput Launch, SandboxUsage? Usage);

/// <summary>How a job ended: its result, or the budget's refusal to launch it.</summary>
public sealed record JobOutcome(string LaunchId, SandboxJobResult? Result, BudgetRefusal? Refusal, Spend Cost);

public sealed record ReservationInput(string RunId, string ReservationId, Spend Amount);

/// <summary>What a self-modification produced.</summary>
public sealed record Modification(string? PatchHash, string? SnapshotHash, string? Reason);

public sealed record PublishInput(NodeRef Node, JobRequest Request, JobOutcome Outcome);

public sealed record BuildInput(NodeRef Node, string SnapshotHash, double PollSeconds);

/// <summary>A snapshot's build of the flavour its run needs (<see cref="Core.Harness.AgentBuilds.For"/>).</summary>
public sealed record BuildRef(string RunId, string SnapshotHash);

/// <summary>A job the orchestrator gave up on at its hard deadline, or collected.</summary>
public sealed record CollectInput(SandboxJobHandle Handle, string LaunchId);

public sealed record PublishBuildInput(NodeRef Node, string SnapshotHash, JobRequest Request, JobOutcome Outcome);

/// <summary>A snapshot's build outcome and the key of its published binaries, shared by every node with that snapshot.</summary>
public sealed record PublishedBuild(BuildOutcome Outcome, string BuildKey);

/// <summary>The patch of a solve attempt, filtered for grading, or why the harness could not take it (<see cref="SolveFailure"/>: not the agent's fault).</summary>
public sealed record GradePatch(string PatchKey, bool IsEmpty, IReadOnlyList<string> Dropped, string? TranscriptKey, int ContextLengthErrors, long Tokens)
{
    public string? SolveFailure { get; init; }
}

/// <summary>A finished grading job to judge.</summary>
public sealed record JudgeInput(JobRequest Request, JobOutcome Outcome);

/// <summary>The grade of one attempt and where its test output is.</summary>
public sealed record Judged(AttemptStatus Status, string? Error, string TestOutputKey, TestsStatus? Tests = null);

public sealed record GradePatchInput(AttemptInput Attempt, JobRequest Request, JobOutcome Outcome);

public sealed record DiagnoseInput(string RunId, ChildPlan Plan);

public sealed record Diagnosed(string? ProblemKey, string? Reason, bool BudgetExhausted);

/// <summary>Everything a child's record is made of; the activity decides admission and writes node.json.</summary>
public sealed record RecordChildInput
{
    public required string RunId { get; init; }

    public required int Iteration { get; init; }

    public required ChildPlan Plan { get; init; }

    public string? ProblemKey { get; init; }

    public Modification? Modification { get; init; }

    public BuildOutcome? Build { get; init; }

    public IReadOnlyList<StageResult> Stages { get; init; } = [];

    /// <summary>Why the child stopped before admission could be decided; null when it went all the way.</summary>
    public string? FailedBecause { get; init; }
}

/// <summary>A child's record, or — when the budget refused it before it began — only the reason.</summary>
public sealed record ChildResult(ChildSummary? Summary, string? Refusal, bool BudgetExhausted);

public sealed record CommitOutput(IterationRecord Record, Spend Spent);

/// <summary>The settings the run orchestrator decides by, read each generation (each turn of the steady loop).</summary>
public sealed record RunSettings(int Iterations, int ChildrenPerIteration, bool ApprovalRequired, double ApprovalTimeoutMinutes, double WallTimeMinutes, string SeedSnapshot, double PollSeconds, bool GradesHeldOut)
{
    public LoopKind Loop { get; init; }

    public int ChildrenAtOnce { get; init; } = 1;

    [JsonIgnore]
    public int TotalChildren => Iterations * ChildrenPerIteration;
}

public sealed record CommitInput(string RunId, int Iteration, IReadOnlyList<ChildPlan> Plans, IReadOnlyList<ChildSummary> Children, IReadOnlyList<string> Refused);

public sealed record FinishInput(string RunId, RunStatus Status, string Reason);

/// <summary>Progress shown through SetCustomStatus.</summary>
public sealed record RunProgress(int Iteration, int ChildrenInFlight, string? BestNodeId, double? BestAccuracy, decimal DollarsSpent, long TokensSpent, string Phase);

/// <summary>The human approval sent to a run waiting at its gate.</summary>
public sealed record ApprovalDecision(bool Approved, string? Comment);
