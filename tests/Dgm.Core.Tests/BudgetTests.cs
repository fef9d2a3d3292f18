using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Models;

namespace Dgm.Core.Tests;

public class BudgetTests
{
    private static readonly BudgetLimits Limits = new() { Dollars = 10m, Tokens = 1_000, SandboxSeconds = 100, WallTimeMinutes = 60 };

    [Theory]
    [InlineData(10.01, 1, 1, "dollars")]
    [InlineData(1, 1_001, 1, "tokens")]
    [InlineData(1, 1, 100.5, "sandboxSeconds")]
    public void A_reservation_that_would_cross_any_budget_is_refused_and_the_ledger_is_unchanged(double dollars, long tokens, double seconds, string limit)
    {
        var ledger = new BudgetLedger(Limits, new LedgerState());
        Assert.Null(ledger.TryReserve("first", new Spend(0m, 0, 0)));
        var before = ledger.State;

        var refusal = ledger.TryReserve("big", new Spend((decimal)dollars, tokens, seconds));

        Assert.NotNull(refusal);
        Assert.Equal(limit, refusal.Limit);
        Assert.Contains($"budget.{limit} would be crossed", refusal.Message, StringComparison.Ordinal);
        Assert.Same(before, ledger.State);
    }

    [Fact]
    public void Reservations_count_against_the_budget_until_settled()
    {
        var ledger = new BudgetLedger(Limits, new LedgerState());
        Assert.Null(ledger.TryReserve("a", new Spend(6m, 600, 60)));
        Assert.NotNull(ledger.TryReserve("b", new Spend(6m, 10, 10)));
        Assert.Null(ledger.TryReserve("c", new Spend(4m, 400, 40))); // exactly to the limit is allowed

        ledger.Settle("a", SpendKind.Sandbox("solve"), new Spend(1m, 100, 10));
        Assert.Equal(new Spend(1m, 100, 10), ledger.State.Spent);
        Assert.Equal(new Spend(5m, 500, 50), ledger.Remaining);
        Assert.Null(ledger.TryReserve("b", new Spend(5m, 10, 10)));
        Assert.Equal(new Spend(1m, 100, 10), ledger.State.SpentByKind["sandbox:solve"]);
    }

    [Fact]
    public void Reserving_or_settling_twice_is_a_no_op()
    {
        var ledger = new BudgetLedger(Limits, new LedgerState());
        Assert.Null(ledger.TryReserve("a", new Spend(6m, 1, 1)));
        Assert.Null(ledger.TryReserve("a", new Spend(6m, 1, 1)));
        Assert.Equal(new Spend(6m, 1, 1), ledger.State.ReservedTotal);

        ledger.Settle("a", SpendKind.Coding, new Spend(2m, 1, 0));
        ledger.Settle("a", SpendKind.Coding, new Spend(2m, 1, 0));
        Assert.Equal(new Spend(2m, 1, 0), ledger.State.Spent);
    }

    [Fact]
    public void Cost_model_prices_tokens_and_sandbox_seconds()
    {
        var config = new RunConfig
        {
            Models = new ModelRoles { Coding = new ModelSpec { InputPricePerMillion = 2m, OutputPricePerMillion = 8m } },
            Sandbox = new SandboxSettings { Cpus = 2, MemoryMb = 4096, Prices = new SandboxPrices { VcpuSecond = 0.00001m, GbSecond = 0.000001m } },
        };
        var cost = new CostModel(config);
        Assert.Equal(2m * 0.5m + 8m * 0.25m, CostModel.ModelCost(config.Models.Coding, 500_000, 250_000));
        Assert.Equal(2 * 100 * 0.00001m + 4 * 100 * 0.000001m, cost.SandboxCost(2, 4096, 100));

        var ceiling = cost.SandboxJobCeiling(wallSeconds: 100, tokenBudget: 1_000_000);
        Assert.Equal(100, ceiling.SandboxSeconds);
        Assert.Equal(1_000_000, ceiling.Tokens);
        Assert.Equal(0.0024m + 8m, ceiling.Dollars);
    }

    [Fact]
    public void A_configured_token_budget_is_granted_as_is_whatever_the_run_has_left()
    {
        var model = new ModelSpec { OutputPricePerMillion = 10m, TokenBudgetPerJob = 123_456 };
        Assert.Equal(123_456, new CostModel(new RunConfig()).JobTokenBudget(model, new Spend(0.01m, 10, 10)));
    }

    [Theory]
    // $100 left over 2 children × 4 parallel jobs is $12.50 a job: 1.25M tokens at the worse of $2 in / $10 out.
    [InlineData(100, 50_000_000, 2, 10, 1_250_000)]
    // An input price above the output price is the worst case.
    [InlineData(100, 50_000_000, 10, 2, 1_250_000)]
    // Free models are bounded by the run's tokens: 40M over 8 jobs.
    [InlineData(100, 40_000_000, 0, 0, 5_000_000)]
    // Cheap models and plenty left stop at the cap.
    [InlineData(1_000, 500_000_000, 0.1, 0.4, CostModel.MaxDerivedTokenBudget)]
    // Little left still grants the floor; the reservation then decides whether the run can afford it.
    [InlineData(1, 50_000_000, 2, 10, CostModel.MinDerivedTokenBudget)]
    [InlineData(-5, -100, 2, 10, CostModel.MinDerivedTokenBudget)]
    public void An_unset_token_budget_is_the_jobs_share_of_what_the_run_has_left(double dollars, long tokens, double input, double output, long expected)
    {
        var config = new RunConfig { ChildrenPerIteration = 2, MaxParallelJobs = 4 };
        var model = new ModelSpec { InputPricePerMillion = (decimal)input, OutputPricePerMillion = (decimal)output };

        Assert.Null(model.TokenBudgetPerJob);
        Assert.Equal(expected, new CostModel(config).JobTokenBudget(model, new Spend((decimal)dollars, tokens, 0)));
    }

    [Fact]
    public void A_derived_budget_never_lets_the_jobs_that_run_at_once_refuse_each_other()
    {
        var config = new RunConfig { ChildrenPerIteration = 2, MaxParallelJobs = 4, Budget = new BudgetLimits { Dollars = 100m, Tokens = 50_000_000 } };
        var costs = new CostModel(config);
        var ledger = new BudgetLedger(config.Budget, new LedgerState());

        var granted = Enumerable.Range(0, 8).Select(i =>
        {
            var (reserved, refusal) = ledger.TryReserve($"job-{i}", remaining => costs.SandboxJobCeiling(60, costs.JobTokenBudget(config.Models.Coding, remaining)));
            Assert.Null(refusal);
            return reserved.Tokens;
        }).ToList();

        Assert.Equal(6_250_000, granted[0]);
        Assert.All(granted, t => Assert.True(t > 400_000, $"{t} tokens"));
        Assert.True(ledger.Remaining.Tokens > 0);
    }

    [Fact]
    public void A_retried_reservation_keeps_what_it_first_reserved()
    {
        var ledger = new BudgetLedger(Limits, new LedgerState());
        var (first, _) = ledger.TryReserve("a", remaining => new Spend(1m, remaining.Tokens / 2, 1));
        var (again, refusal) = ledger.TryReserve("a", remaining => new Spend(1m, remaining.Tokens / 2, 1));

        Assert.Null(refusal);
        Assert.Equal(500, first.Tokens);
        Assert.Equal(first, again);
        Assert.Equal(first, ledger.State.ReservedTotal);
    }

    [Fact]
    public void A_job_can_never_spend_more_than_its_reservation_whichever_price_is_higher()
    {
        var model = new ModelSpec { InputPricePerMillion = 12m, OutputPricePerMillion = 3m };
        var ceiling = new CostModel(new RunConfig { Models = new ModelRoles { Coding = model } }).SandboxJobCeiling(wallSeconds: 10, tokenBudget: 1_000_000);

        Assert.True(CostModel.ModelCost(model, 1_000_000, 0) <= ceiling.Dollars);
        Assert.Equal(12m, ceiling.Dollars);
        Assert.Equal(12m, CostModel.ModelCallCeiling(model, 1_000_000).Dollars);
    }

    [Fact]
    public void An_orphaned_reservation_is_charged_what_the_gateway_metered_and_its_sandbox_seconds()
    {
        var config = new RunConfig
        {
            Models = new ModelRoles { Coding = new ModelSpec { InputPricePerMillion = 1m, OutputPricePerMillion = 4m } },
            Sandbox = new SandboxSettings { Cpus = 1, MemoryMb = 1024, Prices = new SandboxPrices { VcpuSecond = 0.001m } },
        };
        var costs = new CostModel(config);
        var reserved = costs.SandboxJobCeiling(wallSeconds: 100, tokenBudget: 1_000_000); // $0.10 sandbox + $4 tokens

        // 30k tokens metered, and a call of up to 10k tokens in flight when the process died: charged at its worst case.
        var metered = costs.OrphanCharge(reserved, new ModelUsage { Calls = 3, InputTokens = 28_000, OutputTokens = 2_000, Dollars = 0.036m, ReservedTokens = 10_000 });
        Assert.Equal(new Spend(0.036m + 0.04m, 40_000, 0), metered[SpendKind.OrphanedMetered]);
        Assert.Equal(new Spend(0.1m, 0, 100), metered[SpendKind.OrphanedReserved]);

        // No usage record: the gateway forwarded no call (it records each call before forwarding), so no tokens.
        var unmetered = costs.OrphanCharge(reserved, null);
        Assert.False(unmetered.ContainsKey(SpendKind.OrphanedMetered));
        Assert.Equal(new Spend(0.1m, 0, 100), Assert.Single(unmetered).Value);
    }
}
