using Dgm.Core.Archive;
using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Commits an iteration: its record lists what was selected, produced and admitted, and is written last; run.json
/// is then brought up to date. A record that already exists (a retried activity) is returned as it is.
/// </summary>
public sealed class CommitIterationActivity(RunStore runs, TimeProvider time) : TaskActivity<CommitInput, CommitOutput>
{
    public override async Task<CommitOutput> RunAsync(TaskActivityContext context, CommitInput input)
    {
        var record = await runs.FindIterationAsync(input.RunId, input.Iteration);
        if (record is null)
        {
            var before = await runs.ArchiveAsync(input.RunId);
            var admitted = input.Children.Where(c => c.Status is NodeStatus.Admitted or NodeStatus.Seed).Select(c => c.Id).ToList();
            var archive = before.Nodes.Concat(await Task.WhenAll(admitted.Select(id => runs.GetNodeAsync(input.RunId, id)))).ToList();
            // OrderBy is stable: among equal scores the node admitted first is best.
            var best = archive.OrderByDescending(n => n.Accuracy).FirstOrDefault();
            record = new IterationRecord
            {
                Iteration = input.Iteration,
                Plans = input.Plans,
                Children = input.Children,
                Refused = input.Refused,
                Admitted = admitted,
                ArchiveSize = archive.Count,
                BestNodeId = best?.Id,
                BestAccuracy = best?.Accuracy ?? 0,
                MeanAccuracy = archive.Count == 0 ? 0 : archive.Average(n => n.Accuracy),
                CommittedAt = time.GetUtcNow(),
                Spent = (await runs.LedgerAsync(input.RunId)).Spent,
            };
            await runs.CommitIterationAsync(input.RunId, record);
        }

        await runs.UpdateRunAsync(input.RunId, run => run.LastCommittedIteration >= record.Iteration ? run : run with
        {
            LastCommittedIteration = record.Iteration,
            Archive = [.. run.Archive, .. record.Admitted],
            BestNodeId = record.BestNodeId,
            BestAccuracy = record.BestAccuracy,
            UpdatedAt = time.GetUtcNow(),
        });
        return new CommitOutput(record, (await runs.LedgerAsync(input.RunId)).Spent);
    }
}
