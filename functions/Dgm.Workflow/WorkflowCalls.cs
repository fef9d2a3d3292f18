using Dgm.Core.Budget;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;

namespace Dgm.Workflow;

/// <summary>
/// Every activity and sub-orchestration the orchestrators call, in one place: its name, input, output and retry
/// policy, as typed calls (durabletask-dotnet's source generator would write these; it is not in our package feed).
/// </summary>
internal static class WorkflowCalls
{
    /// <summary>Activities touch storage, sandboxes and models, which fail transiently; a model that rejects the request does not.</summary>
    private static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => !failure.IsCausedBy<ModelRequestRejectedException>(),
    });

    // The run.
    public static Task<RunSettings> LoadRunSettingsAsync(this TaskOrchestrationContext context, string runId) =>
        context.CallActivityAsync<RunSettings>(nameof(LoadRunSettingsActivity), runId, Transient);

    public static Task<IReadOnlyList<ChildPlan>> SelectParentsAsync(this TaskOrchestrationContext context, IterationInput input) =>
        context.CallActivityAsync<IReadOnlyList<ChildPlan>>(nameof(SelectParentsActivity), input, Transient);

    public static Task<CommitOutput> CommitIterationAsync(this TaskOrchestrationContext context, CommitInput input) =>
        context.CallActivityAsync<CommitOutput>(nameof(CommitIterationActivity), input, Transient);

    public static Task FinishRunAsync(this TaskOrchestrationContext context, FinishInput input) =>
        context.CallActivityAsync(nameof(FinishRunActivity), input, Transient);

    // The steady loop.
    public static Task<IReadOnlyList<ChildPlan>> PlanSteadyChildrenAsync(this TaskOrchestrationContext context, SteadyChildrenRef input) =>
        context.CallActivityAsync<IReadOnlyList<ChildPlan>>(nameof(PlanSteadyChildrenActivity), input, Transient);

    /// <summary>
    /// Starts a steady child without awaiting it: its end reaches the run as a record and a wake-up event. The instance
    /// id is the child's, so an engine that refuses a second instance of a live id (the embedded one does) never runs a
    /// child twice when a resumed run starts one that still runs elsewhere.
    /// </summary>
    public static void StartSteadyChild(this TaskOrchestrationContext context, SteadyChildInput input) =>
        _ = context.CallSubOrchestratorAsync<SteadyOutcome>(nameof(SteadyChildOrchestrator), input, new SubOrchestrationOptions { InstanceId = $"{input.RunId}-{input.Plan.ChildId}-steady" });

    public static Task RecordSteadyOutcomeAsync(this TaskOrchestrationContext context, SteadyChildEnded input) =>
        context.CallActivityAsync(nameof(RecordSteadyOutcomeActivity), input, Transient);

    public static Task<IReadOnlyList<SteadyOutcome>> FindEndedChildrenAsync(this TaskOrchestrationContext context, SteadyInFlight input) =>
        context.CallActivityAsync<IReadOnlyList<SteadyOutcome>>(nameof(FindEndedChildrenActivity), input, Transient);

    public static Task<CommitOutput> CommitChildrenAsync(this TaskOrchestrationContext context, CommitChildrenInput input) =>
        context.CallActivityAsync<CommitOutput>(nameof(CommitChildrenActivity), input, Transient);

    public static Task<SteadyState> RecoverSteadyAsync(this TaskOrchestrationContext context, string runId) =>
        context.CallActivityAsync<SteadyState>(nameof(RecoverSteadyActivity), runId, Transient);

    // A child.
    public static Task<ChildResult> EvaluateSeedAsync(this TaskOrchestrationContext context, ChildInput input) =>
        context.CallSubOrchestratorAsync<ChildResult>(nameof(SeedOrchestrator), input, new SubOrchestrationOptions { InstanceId = $"{input.RunId}-seed" });

    public static Task<ChildResult> SelfImproveAsync(this TaskOrchestrationContext context, ChildInput input) =>
        context.CallSubOrchestratorAsync<ChildResult>(nameof(SelfImproveOrchestrator), input, new SubOrchestrationOptions { InstanceId = $"{input.RunId}-{input.Plan.ChildId}" });

    public static Task<ChildSummary?> LoadChildAsync(this TaskOrchestrationContext context, NodeRef node) =>
        context.CallActivityAsync<ChildSummary?>(nameof(LoadChildActivity), node, Transient);

    public static Task<Diagnosed> DiagnoseAsync(this TaskOrchestrationContext context, DiagnoseInput input) =>
        context.CallActivityAsync<Diagnosed>(nameof(DiagnoseActivity), input, Transient);

    public static Task<Modification> PublishModificationAsync(this TaskOrchestrationContext context, PublishInput input) =>
        context.CallActivityAsync<Modification>(nameof(PublishModificationActivity), input, Transient);

    public static Task<ChildSummary> RecordChildAsync(this TaskOrchestrationContext context, RecordChildInput input) =>
        context.CallActivityAsync<ChildSummary>(nameof(RecordChildActivity), input, Transient);

    // Builds.
    public static Task<PublishedBuild?> BuildAsync(this TaskOrchestrationContext context, BuildInput input) =>
        context.CallSubOrchestratorAsync<PublishedBuild?>(nameof(BuildOrchestrator), input);

    public static Task<PublishedBuild?> FindBuildAsync(this TaskOrchestrationContext context, BuildRef build) =>
        context.CallActivityAsync<PublishedBuild?>(nameof(FindBuildActivity), build, Transient);

    public static Task<PublishedBuild> PublishBuildAsync(this TaskOrchestrationContext context, PublishBuildInput input) =>
        context.CallActivityAsync<PublishedBuild>(nameof(PublishBuildActivity), input, Transient);

    // Evaluation.
    public static Task<EvaluationOutput> EvaluateAsync(this TaskOrchestrationContext context, EvaluationInput input) =>
        context.CallSubOrchestratorAsync<EvaluationOutput>(nameof(EvaluationOrchestrator), input);

    public static Task<EvaluationPlan> PlanEvaluationAsync(this TaskOrchestrationContext context, NodeRef node) =>
        context.CallActivityAsync<EvaluationPlan>(nameof(PlanEvaluationActivity), node, Transient);

    public static Task<EvaluationPlan> PlanHeldOutAsync(this TaskOrchestrationContext context, NodeRef node) =>
        context.CallActivityAsync<EvaluationPlan>(nameof(PlanHeldOutActivity), node, Transient);

    // Held-out grading.
    public static Task<HeldOutSummary> GradeHeldOutAsync(this TaskOrchestrationContext context, HeldOutInput input) =>
        context.CallSubOrchestratorAsync<HeldOutSummary>(nameof(HeldOutOrchestrator), input, new SubOrchestrationOptions { InstanceId = $"{input.RunId}-{input.NodeId}-held-out" });

    public static Task<HeldOutStart> LoadHeldOutAsync(this TaskOrchestrationContext context, NodeRef node) =>
        context.CallActivityAsync<HeldOutStart>(nameof(LoadHeldOutActivity), node, Transient);

    public static Task<HeldOutSummary> RecordHeldOutAsync(this TaskOrchestrationContext context, RecordHeldOutInput input) =>
        context.CallActivityAsync<HeldOutSummary>(nameof(RecordHeldOutActivity), input, Transient);

    public static Task<AttemptResult> AttemptAsync(this TaskOrchestrationContext context, AttemptInput input) =>
        context.CallSubOrchestratorAsync<AttemptResult>(nameof(TaskAttemptOrchestrator), input);

    public static Task<GradePatch> PrepareGradePatchAsync(this TaskOrchestrationContext context, GradePatchInput input) =>
        context.CallActivityAsync<GradePatch>(nameof(PrepareGradePatchActivity), input, Transient);

    public static Task<Judged> JudgeGradeAsync(this TaskOrchestrationContext context, JudgeInput input) =>
        context.CallActivityAsync<Judged>(nameof(JudgeGradeActivity), input, Transient);

    // Sandbox jobs.
    public static Task<JobOutcome> RunJobAsync(this TaskOrchestrationContext context, JobRequest request) =>
        context.CallSubOrchestratorAsync<JobOutcome>(nameof(SandboxJobOrchestrator), request);

    public static Task<JobStarted> StartJobAsync(this TaskOrchestrationContext context, StartJobInput input) =>
        context.CallActivityAsync<JobStarted>(nameof(StartJobActivity), input, Transient);

    public static Task<SandboxJobState> PollJobAsync(this TaskOrchestrationContext context, SandboxJobHandle handle) =>
        context.CallActivityAsync<SandboxJobState>(nameof(PollJobActivity), handle, Transient);

    public static Task<SandboxJobResult> CollectJobAsync(this TaskOrchestrationContext context, CollectInput input) =>
        context.CallActivityAsync<SandboxJobResult>(nameof(CollectJobActivity), input, Transient);

    public static Task DeleteJobAsync(this TaskOrchestrationContext context, SandboxJobHandle handle) =>
        context.CallActivityAsync(nameof(DeleteJobActivity), handle, Transient);

    public static Task<Spend> SettleJobAsync(this TaskOrchestrationContext context, SettleJobInput input) =>
        context.CallActivityAsync<Spend>(nameof(SettleJobActivity), input, Transient);
}
