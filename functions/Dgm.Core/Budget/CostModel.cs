using Dgm.Core.Configuration;

namespace Dgm.Core.Budget;

/// <summary>Turns tokens and sandbox time into dollars with the run's prices.</summary>
public sealed class CostModel(RunConfig config)
{
    private const decimal TokensPerMillion = 1_000_000m;

    public static decimal ModelCost(ModelSpec model, long inputTokens, long outputTokens) =>
        (inputTokens * model.InputPricePerMillion + outputTokens * model.OutputPricePerMillion) / TokensPerMillion;

    /// <summary>ACI-style billing: vCPU-seconds plus GB-seconds of memory over the job's wall time.</summary>
    public decimal SandboxCost(double cpus, int memoryMb, double seconds)
    {
        var prices = config.Sandbox.Prices;
        return (decimal)(cpus * seconds) * prices.VcpuSecond + (decimal)(memoryMb / 1024.0 * seconds) * prices.GbSecond;
    }

    /// <summary>The most a sandbox job can cost: its whole wall-time limit, plus a full token budget at the output price.</summary>
    public Spend SandboxJobCeiling(int wallSeconds, long tokenBudget)
    {
        var sandbox = config.Sandbox;
        var model = config.Models.Coding;
        return new Spend(
            SandboxCost(sandbox.Cpus, sandbox.MemoryMb, wallSeconds) + ModelCost(model, 0, tokenBudget),
            tokenBudget,
            wallSeconds);
    }

    public static Spend ModelCallCeiling(ModelSpec model) =>
        new(ModelCost(model, 0, model.TokenBudgetPerJob), model.TokenBudgetPerJob, 0);
}
