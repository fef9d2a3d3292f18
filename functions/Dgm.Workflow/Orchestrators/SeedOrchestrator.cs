using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>Iteration 0: build the seed agent and evaluate it on every stage, so children have a score to beat and parents exist.</summary>
public sealed class SeedOrchestrator : TaskOrchestrator<ChildInput, ChildResult>
{
    public override async Task<ChildResult> RunAsync(TaskOrchestrationContext context, ChildInput input)
    {
        var node = new NodeRef(input.RunId, input.Plan.ChildId);
        var existing = await context.LoadChildAsync(node);
        if (existing is not null)
        {
            return new ChildResult(existing, null, BudgetExhausted: false);
        }

        var record = new RecordChildInput { RunId = input.RunId, Iteration = 0, Plan = input.Plan };
        var build = await context.BuildAsync(new BuildInput(node, input.Plan.ParentSnapshot, input.PollSeconds));
        if (build is null)
        {
            return new ChildResult(null, "the budget refused the seed's build", BudgetExhausted: true);
        }

        record = record with { Build = build.Outcome };
        if (build.Outcome.Succeeded)
        {
            var evaluation = await context.EvaluateAsync(new EvaluationInput(input.RunId, node.NodeId, build.BuildKey, ApplyGates: false, input.PollSeconds));
            record = record with { Stages = evaluation.Stages, FailedBecause = evaluation.BudgetExhausted ? evaluation.StoppedBecause : null };
        }

        var summary = await context.RecordChildAsync(record);
        return new ChildResult(summary, null, record.FailedBecause is not null);
    }
}
