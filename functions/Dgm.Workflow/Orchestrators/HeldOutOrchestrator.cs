using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// Grades an admitted node on the run's held-out tasks through the same evaluation as its stages (the same jobs,
/// budget and grading), and records the grades apart from the node. Grades already recorded are kept as they are.
/// </summary>
public sealed class HeldOutOrchestrator : TaskOrchestrator<HeldOutInput, HeldOutSummary>
{
    public override async Task<HeldOutSummary> RunAsync(TaskOrchestrationContext context, HeldOutInput input)
    {
        var node = new NodeRef(input.RunId, input.NodeId);
        var start = await context.LoadHeldOutAsync(node);
        if (start.Recorded is { } recorded)
        {
            return recorded;
        }

        var evaluation = await context.EvaluateAsync(new EvaluationInput(input.RunId, input.NodeId, start.BuildKey, ApplyGates: false, input.PollSeconds) { HeldOut = true });
        return await context.RecordHeldOutAsync(new RecordHeldOutInput(node, evaluation));
    }
}
