using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Records how a steady child ended, once: the run commits it from this record.</summary>
public sealed class RecordSteadyOutcomeActivity(SteadyRecords steady) : TaskActivity<SteadyChildEnded, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SteadyChildEnded input)
    {
        await steady.WriteOutcomeAsync(input.RunId, input.Outcome);
        return true;
    }
}
