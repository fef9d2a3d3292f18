using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Plans steady children from the archive as it is at that moment (draws seeded by run seed, child number and slot 0)
/// and records each plan before its child starts; a child planned before (a retry, a resumed run) keeps its plan. One
/// activity for a turn's children: the archive is read once, and the run's history gains two events, not two per child.
/// </summary>
public sealed class PlanSteadyChildrenActivity(RunCatalog catalog, RunStore runs, SteadyRecords steady) : TaskActivity<SteadyChildrenRef, IReadOnlyList<ChildPlan>>
{
    public override async Task<IReadOnlyList<ChildPlan>> RunAsync(TaskActivityContext context, SteadyChildrenRef input)
    {
        var planned = await Task.WhenAll(input.Numbers.Select(n => steady.FindPlanAsync(input.RunId, n)));
        var unplanned = input.Numbers.Where((_, i) => planned[i] is null).ToList();
        var fresh = unplanned.Count == 0 ? [] : await SelectParentsActivity.PlanAsync(catalog, runs, input.RunId, unplanned, children: 1, (n, _) => ChildPlan.SteadyIdFor(n));
        await Task.WhenAll(unplanned.Zip(fresh).Select(p => steady.WritePlanAsync(input.RunId, p.First, p.Second)));
        var plans = unplanned.Zip(fresh).ToDictionary(p => p.First, p => p.Second);
        return [.. input.Numbers.Select((n, i) => planned[i] ?? plans[n])];
    }
}
