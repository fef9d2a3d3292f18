using Dgm.Core;
using Dgm.Core.Admission;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>Decides admission and writes the node's record (once); a child that failed on the way is recorded with its reason.</summary>
public sealed class RecordChildActivity(RunCatalog catalog, RunStore runs, IArtifactStore store, ILogger<RecordChildActivity> logger) : TaskActivity<RecordChildInput, ChildSummary>
{
    public static ChildSummary Summarize(ArchiveNode node) =>
        new(node.Id, node.ParentId ?? node.Id, node.Status, node.Reason, node.IsEvaluated ? node.Accuracy : null, node.Outcomes.Count());

    public override async Task<ChildSummary> RunAsync(TaskActivityContext context, RecordChildInput input)
    {
        if (await runs.FindNodeAsync(input.RunId, input.Plan.ChildId) is { } recorded)
        {
            return Summarize(recorded);
        }

        var config = await catalog.ConfigAsync(input.RunId);
        var isSeed = input.Plan.ChildId == ArchiveNode.SeedId;
        var node = new ArchiveNode
        {
            Id = input.Plan.ChildId,
            ParentId = isSeed ? null : input.Plan.ParentId,
            ModifierId = isSeed ? null : input.Plan.ModifierId,
            Iteration = input.Iteration,
            Slot = input.Plan.Slot,
            DiagnosisEntry = isSeed ? null : input.Plan.Entry,
            ProblemStatement = input.ProblemKey is { } key ? System.Text.Encoding.UTF8.GetString((await store.GetAsync(key))!.Content) : null,
            PatchHash = input.Modification?.PatchHash,
            SnapshotHash = isSeed ? input.Plan.ParentSnapshot : input.Modification?.SnapshotHash,
            Build = input.Build,
            Stages = input.Stages,
            Status = NodeStatus.Rejected,
            Cost = input.Stages.SelectMany(s => s.Tasks).SelectMany(t => t.Attempts)
                .Aggregate(Core.Budget.Spend.Zero, (sum, a) => sum + new Core.Budget.Spend(0, a.Tokens, a.SandboxSeconds)),
        };

        if (isSeed)
        {
            node = node with
            {
                Status = input.Build?.Succeeded == true && node.IsEvaluated ? NodeStatus.Seed : NodeStatus.Rejected,
                Reason = input.FailedBecause ?? (input.Build?.Succeeded == true ? null : "the seed agent did not build or failed its self-test"),
            };
        }
        else if (input.FailedBecause is { } failure)
        {
            node = node with { Reason = failure };
        }
        else
        {
            var (stages, _) = await catalog.StagesAsync(input.RunId);
            var seed = await runs.GetNodeAsync(input.RunId, ArchiveNode.SeedId);
            var decision = AdmissionPolicy.Decide(node, config.Admission, stages[0].Count, seed.Accuracy);
            node = node with { Status = decision.Admitted ? NodeStatus.Admitted : NodeStatus.Rejected, Reason = decision.Reason };
        }

        using (var span = DgmTelemetry.Start("admission", input.RunId, node.Id))
        {
            span?.SetTag("dgm.status", node.Status.ToString());
            span?.SetTag("dgm.accuracy", node.IsEvaluated ? node.Accuracy : null);
            logger.LogInformation(
                "Node {NodeId} of run {RunId}: {Status}{Accuracy} ({Reason})",
                node.Id, input.RunId, node.Status, node.IsEvaluated ? $" at {node.Accuracy:0.###}" : "", node.Reason);
        }

        await runs.WriteNodeAsync(input.RunId, node);
        return Summarize(node);
    }
}
