using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>A child recorded by an earlier, interrupted attempt at this iteration is reused, never run twice.</summary>
public sealed class LoadChildActivity(RunStore runs) : TaskActivity<NodeRef, ChildSummary?>
{
    public override async Task<ChildSummary?> RunAsync(TaskActivityContext context, NodeRef input) =>
        await runs.FindNodeAsync(input.RunId, input.NodeId) is { } node ? RecordChildActivity.Summarize(node) : null;
}
