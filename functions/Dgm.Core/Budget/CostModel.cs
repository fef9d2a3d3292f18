using Dgm.Core.Configuration;
using Dgm.Core.Models;

namespace Dgm.Core.Budget;

/// <summary>Turns tokens and sandbox time into dollars with the run's prices.</summary>
public sealed class CostModel(RunConfig config)
{
    /// <summary>The least a derived token budget grants (the former fixed default): a run that cannot afford it stops for budget.</summary>
    public const long MinDerivedTokenBudget = 400_000;

    /// <summary>The most a derived token budget grants, however much the run has left: far above any job the DGM has seen.</summary>
    public const long MaxDerivedTokenBudget = 10_000_000;

    private const decimal TokensPerMillion = 1_000_000m;

    public static decimal ModelCost(ModelSpec model, long inputTokens, long outputTokens) =>
        (inputTokens * model.InputPricePerMillion + outputTokens * model.OutputPricePerMillion) / TokensPerMillion;

    /// <summary>The most <paramref name="tokens"/> tokens can cost, whichever mix of input and output they turn out to be.</summary>
    public static decimal WorstTokenCost(ModelSpec model, long tokens) =>
        tokens * Math.Max(model.InputPricePerMillion, model.OutputPricePerMillion) / TokensPerMillion;

    /// <summary>ACI-style billing: vCPU-seconds plus GB-seconds of memory over the job's wall time.</summary>
    public decimal SandboxCost(double cpus, int memoryMb, double seconds)
    {
        var prices = config.Sandbox.Prices;
        return (decimal)(cpus * seconds) * prices.VcpuSecond + (decimal)(memoryMb / 1024.0 * seconds) * prices.GbSecond;
    }

    /// <summary>
    /// The token budget of one job of <paramref name="model"/>: the configured one, or else the job's share of what the
    /// run has left — its dollars at the model's worst price per token and its tokens, split among the agent jobs that
    /// can be in flight at once (children at once × parallel jobs) so one job never starves the others — kept
    /// between <see cref="MinDerivedTokenBudget"/> and <see cref="MaxDerivedTokenBudget"/>.
    /// </summary>
    public long JobTokenBudget(ModelSpec model, Spend remaining)
    {
        if (model.TokenBudgetPerJob is { } configured)
        {
            return configured;
        }

        long share = Math.Max(1, config.ChildrenAtOnce) * Math.Max(1, config.MaxParallelJobs);
        var tokens = Math.Min(MaxDerivedTokenBudget, remaining.Tokens / share);
        var worstPrice = Math.Max(model.InputPricePerMillion, model.OutputPricePerMillion);
        if (worstPrice > 0)
        {
            tokens = Math.Min(tokens, (long)Math.Max(0m, Math.Floor(remaining.Dollars / share / worstPrice * TokensPerMillion)));
        }

        return Math.Max(MinDerivedTokenBudget, tokens);
    }

    /// <summary>The most a sandbox job can cost: its whole wall-time limit, plus a full token budget at the worst price per token.</summary>
    public Spend SandboxJobCeiling(int wallSeconds, long tokenBudget)
    {
        var sandbox = config.Sandbox;
        return new Spend(
            SandboxCost(sandbox.Cpus, sandbox.MemoryMb, wallSeconds) + WorstTokenCost(config.Models.Coding, tokenBudget),
            tokenBudget,
            wallSeconds);
    }

    public static Spend ModelCallCeiling(ModelSpec model, long tokenBudget) =>
        new(WorstTokenCost(model, tokenBudget), tokenBudget, 0);

    /// <summary>
    /// What a resumed run charges, by kind, for a reservation its dead predecessor left open: the tokens and dollars the
    /// gateway metered (calls then in flight at their reserved worst case) and the reservation's sandbox seconds in full,
    /// as a sandbox measures a job only when it is collected. A job with no usage record forwarded no model call, since
    /// the gateway records each call's worst case before forwarding it, so it is charged no tokens.
    /// </summary>
    public IReadOnlyDictionary<string, Spend> OrphanCharge(Spend reserved, ModelUsage? usage)
    {
        var sandboxDollars = SandboxCost(config.Sandbox.Cpus, config.Sandbox.MemoryMb, reserved.SandboxSeconds);
        var charge = new Dictionary<string, Spend>();
        if (reserved.SandboxSeconds > 0)
        {
            charge[SpendKind.OrphanedReserved] = new(sandboxDollars, 0, reserved.SandboxSeconds);
        }

        if (usage is not null)
        {
            var heldDollars = reserved.Tokens > 0 ? (reserved.Dollars - sandboxDollars) * usage.ReservedTokens / reserved.Tokens : 0m;
            charge[SpendKind.OrphanedMetered] = new(usage.Dollars + heldDollars, usage.TotalTokens + usage.ReservedTokens, 0);
        }

        return charge;
    }
}
