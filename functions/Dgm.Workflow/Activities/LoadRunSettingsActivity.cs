using Dgm.Core.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>The settings of each generation, read fresh: a schedule may extend a completed run's iteration count.</summary>
public sealed class LoadRunSettingsActivity(RunStore runs) : TaskActivity<string, RunSettings>
{
    public override async Task<RunSettings> RunAsync(TaskActivityContext context, string runId)
    {
        var run = await runs.GetRunAsync(runId);
        var c = run.Config;
        return new RunSettings(c.Iterations, c.ChildrenPerIteration, c.Approval.Required, c.Approval.TimeoutMinutes, c.Budget.WallTimeMinutes, run.SeedSnapshot, c.Sandbox.PollSeconds, c.HeldOut is not null)
        {
            Loop = c.Loop,
            ChildrenAtOnce = c.ChildrenAtOnce,
        };
    }
}
