using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>The steady children in flight that have recorded their end, in number order.</summary>
public sealed class FindEndedChildrenActivity(SteadyRecords steady) : TaskActivity<SteadyInFlight, IReadOnlyList<SteadyOutcome>>
{
    public override async Task<IReadOnlyList<SteadyOutcome>> RunAsync(TaskActivityContext context, SteadyInFlight input)
    {
        var outcomes = await Task.WhenAll(input.Numbers.Order().Select(n => steady.FindOutcomeAsync(input.RunId, n)));
        return outcomes.OfType<SteadyOutcome>().ToList();
    }
}
