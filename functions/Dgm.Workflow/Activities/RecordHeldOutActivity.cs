using Dgm.Core.Archive;
using Dgm.Core.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>Writes a node's held-out grades (once) beside its node.json.</summary>
public sealed class RecordHeldOutActivity(RunStore runs, ILogger<RecordHeldOutActivity> logger) : TaskActivity<RecordHeldOutInput, HeldOutSummary>
{
    public static HeldOutSummary Summarize(string nodeId, HeldOutResult result) =>
        new(nodeId, result.Counts.Resolved, result.Counts.Submitted, result.StoppedBecause);

    public override async Task<HeldOutSummary> RunAsync(TaskActivityContext context, RecordHeldOutInput input)
    {
        var (runId, nodeId) = input.Node;
        if (await runs.FindHeldOutAsync(runId, nodeId) is { } recorded)
        {
            return Summarize(nodeId, recorded);
        }

        var result = new HeldOutResult
        {
            Tasks = input.Evaluation.Stages.SelectMany(s => s.Tasks).ToList(),
            Planned = input.Evaluation.Planned,
            StoppedBecause = input.Evaluation.StoppedBecause,
        };
        await runs.WriteHeldOutAsync(runId, nodeId, result);
        logger.LogInformation("Node {NodeId} of run {RunId} on the held-out tasks: {Resolved}/{Submitted}", nodeId, runId, result.Counts.Resolved, result.Counts.Submitted);
        return Summarize(nodeId, result);
    }
}
