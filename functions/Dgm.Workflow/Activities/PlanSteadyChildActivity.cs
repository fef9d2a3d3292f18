using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Plans a steady child from the archive as it is at that moment (draws seeded by run seed, child number and slot 0)
/// and records the plan before the child starts; a child planned before (a retry, a resumed run) keeps its plan.
/// </summary>
public sealed class PlanSteadyChildActivity(RunCatalog catalog, RunStore runs, SteadyRecords steady) : TaskActivity<SteadyChildRef, ChildPlan>
{
    public override async Task<ChildPlan> RunAsync(TaskActivityContext context, SteadyChildRef input)
    {
        if (await steady.FindPlanAsync(input.RunId, input.Number) is { } planned)
        {
            return planned;
        }

        var plan = (await SelectParentsActivity.PlanAsync(catalog, runs, input.RunId, input.Number, children: 1, _ => ChildPlan.SteadyIdFor(input.Number)))[0];
        await steady.WritePlanAsync(input.RunId, input.Number, plan);
        return plan;
    }
}
