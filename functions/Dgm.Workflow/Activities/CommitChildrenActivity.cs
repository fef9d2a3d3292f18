using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Commits steady children that ended, in the order given, as iterations <c>First</c>, <c>First + 1</c>, …: one
/// activity for a turn's commits, so a turn that commits a hundred children adds two events to the run's history, not
/// two hundred. Each commit is the iteration commit, so a retried batch rewrites nothing it already committed.
/// </summary>
public sealed class CommitChildrenActivity(RunStore runs, TimeProvider time) : TaskActivity<CommitChildrenInput, CommitOutput>
{
    public override async Task<CommitOutput> RunAsync(TaskActivityContext context, CommitChildrenInput input)
    {
        CommitOutput? last = null;
        foreach (var (ended, i) in input.Ended.Select((e, i) => (e, i)))
        {
            var result = ended.Result;
            last = await CommitIterationActivity.CommitAsync(runs, time, new CommitInput(
                input.RunId,
                input.First + i,
                [ended.Plan],
                result.Summary is { } summary ? [summary] : [],
                result.Refusal is { } refusal ? [refusal] : []));
        }

        return last ?? throw new ArgumentException($"Nothing to commit for run '{input.RunId}' at iteration {input.First}.", nameof(input));
    }
}
