using Dgm.Core.Artifacts;
using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>A node's held-out grades recorded by an earlier, interrupted attempt are reused, never graded twice.</summary>
public sealed class LoadHeldOutActivity(RunCatalog catalog, RunStore runs) : TaskActivity<NodeRef, HeldOutStart>
{
    public override async Task<HeldOutStart> RunAsync(TaskActivityContext context, NodeRef input)
    {
        var recorded = await runs.FindHeldOutAsync(input.RunId, input.NodeId);
        var node = await runs.GetNodeAsync(input.RunId, input.NodeId);
        var snapshot = node.SnapshotHash ?? throw new InvalidDataException($"Node '{input.NodeId}' of run '{input.RunId}' has no snapshot to grade.");
        return new HeldOutStart(recorded is null ? null : RecordHeldOutActivity.Summarize(input.NodeId, recorded), ArtifactKeys.Build(snapshot, await catalog.AgentBuildAsync(input.RunId)));
    }
}
