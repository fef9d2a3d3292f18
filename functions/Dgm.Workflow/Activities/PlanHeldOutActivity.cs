using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>The run's held-out tasks as a one-stage plan without gates, graded like any stage.</summary>
public sealed class PlanHeldOutActivity(RunCatalog catalog) : TaskActivity<NodeRef, EvaluationPlan>
{
    public override async Task<EvaluationPlan> RunAsync(TaskActivityContext context, NodeRef input)
    {
        var config = await catalog.ConfigAsync(input.RunId);
        return new EvaluationPlan([await catalog.HeldOutAsync(input.RunId)], [], null, config.Attempts, config.MaxParallelJobs, []);
    }
}
