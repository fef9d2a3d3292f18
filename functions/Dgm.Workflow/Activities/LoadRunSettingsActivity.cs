using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

public sealed class LoadRunSettingsActivity(RunCatalog catalog) : TaskActivity<string, RunSettings>
{
    public override async Task<RunSettings> RunAsync(TaskActivityContext context, string runId)
    {
        var run = await catalog.RunAsync(runId);
        var c = run.Config;
        return new RunSettings(c.Iterations, c.ChildrenPerIteration, c.Approval.Required, c.Approval.TimeoutMinutes, c.Budget.WallTimeMinutes, run.SeedSnapshot, c.Sandbox.PollSeconds);
    }
}
