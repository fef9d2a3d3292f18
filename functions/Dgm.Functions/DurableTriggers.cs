using Dgm.Core.Budget;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow;
using Dgm.Workflow.Activities;
using Dgm.Workflow.Orchestrators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Functions;

/// <summary>
/// One function per orchestrator and activity of the workflow: the Functions host dispatches durable work only to
/// functions it knows from their metadata, so each class-based task needs a trigger (what durabletask-dotnet's source
/// generator would emit; it is not in our package feed). Each trigger hands its input to the task unchanged.
/// </summary>
public static class DurableTriggers
{
    [Function(nameof(BuildOrchestrator))]
    public static Task<PublishedBuild?> BuildOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<BuildOrchestrator, BuildInput, PublishedBuild?>(context);

    [Function(nameof(BurstEvaluationOrchestrator))]
    public static Task<BurstReport> BurstEvaluationOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<BurstEvaluationOrchestrator, BurstInput, BurstReport>(context);

    [Function(nameof(EvaluationOrchestrator))]
    public static Task<EvaluationOutput> EvaluationOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<EvaluationOrchestrator, EvaluationInput, EvaluationOutput>(context);

    [Function(nameof(HeldOutOrchestrator))]
    public static Task<HeldOutSummary> HeldOutOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<HeldOutOrchestrator, HeldOutInput, HeldOutSummary>(context);

    [Function(nameof(RunOrchestrator))]
    public static Task<RunOutcome> RunOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<RunOrchestrator, RunState, RunOutcome>(context);

    [Function(nameof(SandboxJobOrchestrator))]
    public static Task<JobOutcome> SandboxJobOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<SandboxJobOrchestrator, JobRequest, JobOutcome>(context);

    [Function(nameof(SeedOrchestrator))]
    public static Task<ChildResult> SeedOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<SeedOrchestrator, ChildInput, ChildResult>(context);

    [Function(nameof(SelfImproveOrchestrator))]
    public static Task<ChildResult> SelfImproveOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<SelfImproveOrchestrator, ChildInput, ChildResult>(context);

    [Function(nameof(SteadyChildOrchestrator))]
    public static Task<SteadyOutcome> SteadyChildOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<SteadyChildOrchestrator, SteadyChildInput, SteadyOutcome>(context);

    [Function(nameof(TaskAttemptOrchestrator))]
    public static Task<AttemptResult> TaskAttemptOrchestratorTrigger([OrchestrationTrigger] TaskOrchestrationContext context) =>
        OrchestrateAsync<TaskAttemptOrchestrator, AttemptInput, AttemptResult>(context);

    [Function(nameof(CollectJobActivity))]
    public static Task<SandboxJobResult> CollectJobActivityTrigger([ActivityTrigger] CollectInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<CollectJobActivity, CollectInput, SandboxJobResult>(input, instanceId, function);

    [Function(nameof(CommitChildrenActivity))]
    public static Task<CommitOutput> CommitChildrenActivityTrigger([ActivityTrigger] CommitChildrenInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<CommitChildrenActivity, CommitChildrenInput, CommitOutput>(input, instanceId, function);

    [Function(nameof(CommitIterationActivity))]
    public static Task<CommitOutput> CommitIterationActivityTrigger([ActivityTrigger] CommitInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<CommitIterationActivity, CommitInput, CommitOutput>(input, instanceId, function);

    [Function(nameof(DeleteJobActivity))]
    public static Task<bool> DeleteJobActivityTrigger([ActivityTrigger] SandboxJobHandle input, string instanceId, FunctionContext function) =>
        RunActivityAsync<DeleteJobActivity, SandboxJobHandle, bool>(input, instanceId, function);

    [Function(nameof(DiagnoseActivity))]
    public static Task<Diagnosed> DiagnoseActivityTrigger([ActivityTrigger] DiagnoseInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<DiagnoseActivity, DiagnoseInput, Diagnosed>(input, instanceId, function);

    [Function(nameof(FindBuildActivity))]
    public static Task<PublishedBuild?> FindBuildActivityTrigger([ActivityTrigger] BuildRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<FindBuildActivity, BuildRef, PublishedBuild?>(input, instanceId, function);

    [Function(nameof(FindEndedChildrenActivity))]
    public static Task<IReadOnlyList<SteadyOutcome>> FindEndedChildrenActivityTrigger([ActivityTrigger] SteadyInFlight input, string instanceId, FunctionContext function) =>
        RunActivityAsync<FindEndedChildrenActivity, SteadyInFlight, IReadOnlyList<SteadyOutcome>>(input, instanceId, function);

    [Function(nameof(FinishRunActivity))]
    public static Task<bool> FinishRunActivityTrigger([ActivityTrigger] FinishInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<FinishRunActivity, FinishInput, bool>(input, instanceId, function);

    [Function(nameof(JudgeGradeActivity))]
    public static Task<Judged> JudgeGradeActivityTrigger([ActivityTrigger] JudgeInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<JudgeGradeActivity, JudgeInput, Judged>(input, instanceId, function);

    [Function(nameof(LoadChildActivity))]
    public static Task<ChildSummary?> LoadChildActivityTrigger([ActivityTrigger] NodeRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<LoadChildActivity, NodeRef, ChildSummary?>(input, instanceId, function);

    [Function(nameof(LoadHeldOutActivity))]
    public static Task<HeldOutStart> LoadHeldOutActivityTrigger([ActivityTrigger] NodeRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<LoadHeldOutActivity, NodeRef, HeldOutStart>(input, instanceId, function);

    [Function(nameof(LoadRunSettingsActivity))]
    public static Task<RunSettings> LoadRunSettingsActivityTrigger([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        RunActivityAsync<LoadRunSettingsActivity, string, RunSettings>(input, instanceId, function);

    [Function(nameof(PlanEvaluationActivity))]
    public static Task<EvaluationPlan> PlanEvaluationActivityTrigger([ActivityTrigger] NodeRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PlanEvaluationActivity, NodeRef, EvaluationPlan>(input, instanceId, function);

    [Function(nameof(PlanHeldOutActivity))]
    public static Task<EvaluationPlan> PlanHeldOutActivityTrigger([ActivityTrigger] NodeRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PlanHeldOutActivity, NodeRef, EvaluationPlan>(input, instanceId, function);

    [Function(nameof(PlanSteadyChildrenActivity))]
    public static Task<IReadOnlyList<ChildPlan>> PlanSteadyChildrenActivityTrigger([ActivityTrigger] SteadyChildrenRef input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PlanSteadyChildrenActivity, SteadyChildrenRef, IReadOnlyList<ChildPlan>>(input, instanceId, function);

    [Function(nameof(PollJobActivity))]
    public static Task<SandboxJobState> PollJobActivityTrigger([ActivityTrigger] SandboxJobHandle input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PollJobActivity, SandboxJobHandle, SandboxJobState>(input, instanceId, function);

    [Function(nameof(PrepareGradePatchActivity))]
    public static Task<GradePatch> PrepareGradePatchActivityTrigger([ActivityTrigger] GradePatchInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PrepareGradePatchActivity, GradePatchInput, GradePatch>(input, instanceId, function);

    [Function(nameof(PublishBuildActivity))]
    public static Task<PublishedBuild> PublishBuildActivityTrigger([ActivityTrigger] PublishBuildInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PublishBuildActivity, PublishBuildInput, PublishedBuild>(input, instanceId, function);

    [Function(nameof(PublishModificationActivity))]
    public static Task<Modification> PublishModificationActivityTrigger([ActivityTrigger] PublishInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<PublishModificationActivity, PublishInput, Modification>(input, instanceId, function);

    [Function(nameof(RecordChildActivity))]
    public static Task<ChildSummary> RecordChildActivityTrigger([ActivityTrigger] RecordChildInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<RecordChildActivity, RecordChildInput, ChildSummary>(input, instanceId, function);

    [Function(nameof(RecordHeldOutActivity))]
    public static Task<HeldOutSummary> RecordHeldOutActivityTrigger([ActivityTrigger] RecordHeldOutInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<RecordHeldOutActivity, RecordHeldOutInput, HeldOutSummary>(input, instanceId, function);

    [Function(nameof(RecordSteadyOutcomeActivity))]
    public static Task<bool> RecordSteadyOutcomeActivityTrigger([ActivityTrigger] SteadyChildEnded input, string instanceId, FunctionContext function) =>
        RunActivityAsync<RecordSteadyOutcomeActivity, SteadyChildEnded, bool>(input, instanceId, function);

    [Function(nameof(RecoverSteadyActivity))]
    public static Task<SteadyState> RecoverSteadyActivityTrigger([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        RunActivityAsync<RecoverSteadyActivity, string, SteadyState>(input, instanceId, function);

    [Function(nameof(SelectParentsActivity))]
    public static Task<IReadOnlyList<ChildPlan>> SelectParentsActivityTrigger([ActivityTrigger] IterationInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<SelectParentsActivity, IterationInput, IReadOnlyList<ChildPlan>>(input, instanceId, function);

    [Function(nameof(SettleJobActivity))]
    public static Task<Spend> SettleJobActivityTrigger([ActivityTrigger] SettleJobInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<SettleJobActivity, SettleJobInput, Spend>(input, instanceId, function);

    [Function(nameof(StartJobActivity))]
    public static Task<JobStarted> StartJobActivityTrigger([ActivityTrigger] StartJobInput input, string instanceId, FunctionContext function) =>
        RunActivityAsync<StartJobActivity, StartJobInput, JobStarted>(input, instanceId, function);

    private static Task<TOutput> OrchestrateAsync<TOrchestrator, TInput, TOutput>(TaskOrchestrationContext context)
        where TOrchestrator : TaskOrchestrator<TInput, TOutput>, new() =>
        new TOrchestrator().RunAsync(context, context.GetInput<TInput>()!);

    private static async Task<TOutput> RunActivityAsync<TActivity, TInput, TOutput>(TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ITaskActivity activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(function.InstanceServices);
        return (TOutput)(await activity.RunAsync(new TriggeredActivityContext(typeof(TActivity).Name, instanceId), input))!;
    }

    private sealed class TriggeredActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
