using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// The steady loop's state rebuilt from the records, for a resumed or extended run: every child with a plan was
/// started, and those no iteration record lists are still in flight (they start again and reuse what they recorded).
/// The gate lets the run start nothing past the children already started until it is approved again.
/// </summary>
public sealed class RecoverSteadyActivity(RunStore runs, SteadyRecords steady) : TaskActivity<string, SteadyState>
{
    public override async Task<SteadyState> RunAsync(TaskActivityContext context, string runId)
    {
        var started = await steady.StartedAsync(runId);
        var committed = (await runs.IterationsAsync(runId)).SelectMany(i => i.Plans).Select(p => p.ChildId).ToHashSet(StringComparer.Ordinal);
        var inFlight = started.Where(n => !committed.Contains(ChildPlan.SteadyIdFor(n))).ToList();
        var last = started.Count == 0 ? 0 : started[^1];
        return new SteadyState(last, last, inFlight, StopReason: null);
    }
}
