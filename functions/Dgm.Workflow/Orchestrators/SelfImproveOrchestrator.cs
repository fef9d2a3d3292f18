using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;
using Dgm.Jobs;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// One child: diagnose the parent → the modifier agent changes a copy of the parent's source → the patch becomes the
/// child's snapshot → build and self-test → staged evaluation → the child's record. Every failure still ends in a
/// recorded, non-admitted child with its reason; a child is never lost.
/// </summary>
public sealed class SelfImproveOrchestrator : TaskOrchestrator<ChildInput, ChildResult>
{
    public override async Task<ChildResult> RunAsync(TaskOrchestrationContext context, ChildInput input)
    {
        var plan = input.Plan;
        var node = new NodeRef(input.RunId, plan.ChildId);
        var existing = await context.LoadChildAsync(node);
        if (existing is not null)
        {
            return new ChildResult(existing, null, BudgetExhausted: false);
        }

        var record = new RecordChildInput { RunId = input.RunId, Iteration = input.Iteration, Plan = plan };
        var diagnosed = await context.DiagnoseAsync(new DiagnoseInput(input.RunId, plan));
        if (diagnosed.BudgetExhausted)
        {
            return new ChildResult(null, $"slot {plan.Slot}: {diagnosed.Reason}", BudgetExhausted: true);
        }

        if (diagnosed.ProblemKey is not { } problemKey)
        {
            return await RecordAsync(context, record with { FailedBecause = $"diagnosis failed: {diagnosed.Reason}" }, budgetExhausted: false);
        }

        record = record with { ProblemKey = problemKey };
        // The modifier is in the archive, so its snapshot was built (in this run's flavour) when it was evaluated.
        if (await context.FindBuildAsync(new BuildRef(input.RunId, plan.ModifierSnapshot)) is not { Outcome.Succeeded: true } modifier)
        {
            return await RecordAsync(context, record with { FailedBecause = $"the modifier {plan.ModifierId} has no successful build" }, budgetExhausted: false);
        }

        var modifyRequest = new JobRequest
        {
            RunId = input.RunId,
            JobId = $"{plan.ChildId}-selfmodify",
            Kind = StepKind.SelfModify,
            NodeId = plan.ChildId,
            BuildKey = modifier.BuildKey,
            SnapshotKey = ArtifactKeys.Snapshot(plan.ParentSnapshot),
            ProblemKey = problemKey,
            PollSeconds = input.PollSeconds,
        };
        var modified = await context.RunJobAsync(modifyRequest);
        if (modified.Refusal is { } refusal)
        {
            return await RecordAsync(context, record with { FailedBecause = refusal.Message }, budgetExhausted: true);
        }

        var modification = await context.PublishModificationAsync(new PublishInput(node, modifyRequest, modified));
        record = record with { Modification = modification };
        if (modification.SnapshotHash is not { } snapshot)
        {
            return await RecordAsync(context, record with { FailedBecause = modification.Reason }, budgetExhausted: false);
        }

        var build = await context.BuildAsync(new BuildInput(node, snapshot, input.PollSeconds));
        if (build is null)
        {
            return await RecordAsync(context, record with { FailedBecause = "the budget refused the build" }, budgetExhausted: true);
        }

        record = record with { Build = build.Outcome };
        if (!build.Outcome.Succeeded)
        {
            return await RecordAsync(context, record, budgetExhausted: false);
        }

        var evaluation = await context.EvaluateAsync(new EvaluationInput(input.RunId, plan.ChildId, build.BuildKey, ApplyGates: true, input.PollSeconds));
        return await RecordAsync(context, record with { Stages = evaluation.Stages }, evaluation.BudgetExhausted);
    }

    private static async Task<ChildResult> RecordAsync(TaskOrchestrationContext context, RecordChildInput record, bool budgetExhausted) =>
        new(await context.RecordChildAsync(record), null, budgetExhausted);
}
