using Dgm.Core.Archive;
using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Commits an iteration: the nodes it admitted are appended as its archive index file, then its record, which lists what
/// was selected, produced and admitted, is written; run.json is then brought up to date. Only the new nodes and the
/// previous record are read. A record that already exists (a retried activity) is returned as it is.
/// </summary>
public sealed class CommitIterationActivity(RunStore runs, TimeProvider time) : TaskActivity<CommitInput, CommitOutput>
{
    public override Task<CommitOutput> RunAsync(TaskActivityContext context, CommitInput input) => CommitAsync(runs, time, input);

    /// <summary>The commit itself, for this activity and for the steady loop's, which commits a turn's children in one call.</summary>
    internal static async Task<CommitOutput> CommitAsync(RunStore runs, TimeProvider time, CommitInput input)
    {
        var record = await runs.FindIterationAsync(input.RunId, input.Iteration);
        if (record is null)
        {
            var admitted = await Task.WhenAll(input.Children
                .Where(c => c.Status is NodeStatus.Admitted or NodeStatus.Seed)
                .Select(c => runs.GetNodeAsync(input.RunId, c.Id)));
            var totals = ArchiveTotals.After(await PreviousAsync(runs, input)).Add(admitted);
            record = new IterationRecord
            {
                Iteration = input.Iteration,
                Plans = input.Plans,
                Children = input.Children,
                Refused = input.Refused,
                Admitted = [.. admitted.Select(n => n.Id)],
                ArchiveSize = totals.Size,
                BestNodeId = totals.BestNodeId,
                BestAccuracy = totals.BestAccuracy,
                MeanAccuracy = totals.MeanAccuracy,
                CommittedAt = time.GetUtcNow(),
                Spent = (await runs.LedgerAsync(input.RunId)).Spent,
            };
            await runs.CommitIterationAsync(input.RunId, record, admitted);
        }

        await runs.UpdateRunAsync(input.RunId, run => run.LastCommittedIteration >= record.Iteration ? run : run with
        {
            LastCommittedIteration = record.Iteration,
            BestNodeId = record.BestNodeId,
            BestAccuracy = record.BestAccuracy,
            UpdatedAt = time.GetUtcNow(),
        });
        return new CommitOutput(record, (await runs.LedgerAsync(input.RunId)).Spent);
    }

    /// <summary>The record the totals carry on from: iterations commit in order, so iteration n - 1 is committed.</summary>
    private static async Task<IterationRecord?> PreviousAsync(RunStore runs, CommitInput input) =>
        input.Iteration == 0 ? null
        : await runs.FindIterationAsync(input.RunId, input.Iteration - 1)
            ?? throw new InvalidOperationException($"Iteration {input.Iteration} of run '{input.RunId}' commits before iteration {input.Iteration - 1}, which has no record.");
}
