using Dgm.Core.Budget;
using Dgm.Core.Configuration;

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
}
