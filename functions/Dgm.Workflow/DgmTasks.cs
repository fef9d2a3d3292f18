using Dgm.Workflow.Activities;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;

namespace Dgm.Workflow;

/// <summary>The one registration of the DGM's orchestrators and activities, called by every host.</summary>
public static class DgmTasks
{
    public static DurableTaskRegistry AddDgmTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<RunOrchestrator>();
        registry.AddOrchestrator<SeedOrchestrator>();
        registry.AddOrchestrator<SelfImproveOrchestrator>();
        registry.AddOrchestrator<SteadyChildOrchestrator>();
        registry.AddOrchestrator<BuildOrchestrator>();
        registry.AddOrchestrator<EvaluationOrchestrator>();
        registry.AddOrchestrator<HeldOutOrchestrator>();
        registry.AddOrchestrator<TaskAttemptOrchestrator>();
        registry.AddOrchestrator<SandboxJobOrchestrator>();
        registry.AddOrchestrator<BurstEvaluationOrchestrator>();

        registry.AddActivity<LoadRunSettingsActivity>();
        registry.AddActivity<SelectParentsActivity>();
        registry.AddActivity<PlanSteadyChildrenActivity>();
        registry.AddActivity<RecordSteadyOutcomeActivity>();
        registry.AddActivity<FindEndedChildrenActivity>();
        registry.AddActivity<CommitChildrenActivity>();
        registry.AddActivity<RecoverSteadyActivity>();
        registry.AddActivity<LoadChildActivity>();
        registry.AddActivity<DiagnoseActivity>();
        registry.AddActivity<StartJobActivity>();
        registry.AddActivity<PollJobActivity>();
        registry.AddActivity<CollectJobActivity>();
        registry.AddActivity<DeleteJobActivity>();
        registry.AddActivity<SettleJobActivity>();
        registry.AddActivity<PublishModificationActivity>();
        registry.AddActivity<FindBuildActivity>();
        registry.AddActivity<PublishBuildActivity>();
        registry.AddActivity<PlanEvaluationActivity>();
        registry.AddActivity<PlanHeldOutActivity>();
        registry.AddActivity<LoadHeldOutActivity>();
        registry.AddActivity<RecordHeldOutActivity>();
        registry.AddActivity<PrepareGradePatchActivity>();
        registry.AddActivity<JudgeGradeActivity>();
        registry.AddActivity<RecordChildActivity>();
        registry.AddActivity<CommitIterationActivity>();
        registry.AddActivity<FinishRunActivity>();
        return registry;
    }
}
