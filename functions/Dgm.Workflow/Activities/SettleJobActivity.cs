using Dgm.Core.Artifacts;
using Dgm.Core.Budget;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Replaces the job's reservation by what it used: sandbox time at the run's prices, plus the tokens its gateway scope metered.</summary>
public sealed class SettleJobActivity(RunCatalog catalog, RunStore runs, IArtifactStore store) : TaskActivity<SettleJobInput, Spend>
{
    public override async Task<Spend> RunAsync(TaskActivityContext context, SettleJobInput input)
    {
        var config = await catalog.ConfigAsync(input.Launch.Request.RunId);
        var seconds = input.Usage?.WallSeconds ?? 0;
        var byKind = new Dictionary<string, Spend>
        {
            [SpendKind.Sandbox(input.Launch.Request.Kind.ToString())] =
                new(new CostModel(config).SandboxCost(config.Sandbox.Cpus, config.Sandbox.MemoryMb, seconds), 0, seconds),
        };
        if (JobFactory.CallsModel(input.Launch.Request))
        {
            var usage = await MeteredChatClient.ReadUsageAsync(store, input.Launch.Request.RunId, input.Launch.LaunchKey);
            byKind[SpendKind.Coding] = new Spend(usage.Dollars, usage.TotalTokens, 0);
        }

        await runs.UpdateLedgerAsync(input.Launch.Request.RunId, ledger =>
        {
            ledger.Settle(input.Launch.LaunchKey, byKind);
            return true;
        });
        return byKind.Values.Aggregate(Spend.Zero, (a, b) => a + b);
    }
}
