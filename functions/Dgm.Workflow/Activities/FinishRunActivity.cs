using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

public sealed class FinishRunActivity(RunStore runs, TimeProvider time) : TaskActivity<FinishInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FinishInput input)
    {
        await runs.UpdateRunAsync(input.RunId, run => run with { Status = input.Status, StopReason = input.Reason, UpdatedAt = time.GetUtcNow() });
        return true;
    }
}
