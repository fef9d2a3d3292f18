using System.Text.Json.Serialization;
using Dgm.Core.Configuration;

namespace Dgm.Core.Budget;

/// <summary>The serializable state of a ledger: what was spent (by kind) and what is reserved for work in flight.</summary>
public sealed record LedgerState
{
    public Spend Spent { get; init; } = Spend.Zero;

    public IReadOnlyDictionary<string, Spend> SpentByKind { get; init; } = new Dictionary<string, Spend>();

    public IReadOnlyDictionary<string, Spend> Reserved { get; init; } = new Dictionary<string, Spend>();

    [JsonIgnore]

    public Spend ReservedTotal => Reserved.Values.Aggregate(Spend.Zero, (a, b) => a + b);
}

/// <summary>Why a reservation was refused: the first limit it would cross.</summary>
public sealed record BudgetRefusal(string Limit, string Message);

/// <summary>
/// Reserve before a launch, settle after. A reservation that would take spent + reserved past any limit is
/// refused and leaves the ledger unchanged. Reserving or settling an id twice is a no-op, so a retried activity
/// cannot charge twice.
/// </summary>
public sealed class BudgetLedger(BudgetLimits limits, LedgerState state)
{
    public LedgerState State { get; private set; } = state;

    public BudgetLimits Limits { get; } = limits;

    public Spend Remaining
    {
        get
        {
            var used = State.Spent + State.ReservedTotal;
            return new(Limits.Dollars - used.Dollars, Limits.Tokens - used.Tokens, Limits.SandboxSeconds - used.SandboxSeconds);
        }
    }

    public BudgetRefusal? TryReserve(string reservationId, Spend amount)
    {
        if (State.Reserved.ContainsKey(reservationId))
        {
            return null;
        }

        var remaining = Remaining;
        BudgetRefusal? refusal =
            amount.Dollars > remaining.Dollars ? Refuse("dollars", $"${amount.Dollars:0.####}", $"${remaining.Dollars:0.####}", $"${Limits.Dollars:0.##}")
            : amount.Tokens > remaining.Tokens ? Refuse("tokens", $"{amount.Tokens:N0} tokens", $"{remaining.Tokens:N0}", $"{Limits.Tokens:N0}")
            : amount.SandboxSeconds > remaining.SandboxSeconds ? Refuse("sandboxSeconds", $"{amount.SandboxSeconds:0.#} sandbox-seconds", $"{remaining.SandboxSeconds:0.#}", $"{Limits.SandboxSeconds:0.#}")
            : null;
        if (refusal is null)
        {
            State = State with { Reserved = With(State.Reserved, reservationId, amount) };
        }

        return refusal;
    }

    /// <summary>
    /// Reserves what <paramref name="ceiling"/> asks given what remains, for work sized by the budget left (a derived
    /// token budget); an id already reserved keeps its reservation, so a retried launch is granted what was reserved.
    /// Returns the reservation held, or the refusal.
    /// </summary>
    public (Spend Reserved, BudgetRefusal? Refusal) TryReserve(string reservationId, Func<Spend, Spend> ceiling)
    {
        if (State.Reserved.TryGetValue(reservationId, out var held))
        {
            return (held, null);
        }

        var amount = ceiling(Remaining);
        return (amount, TryReserve(reservationId, amount));
    }

    /// <summary>Replaces a reservation by what was really used, by kind; unknown or settled ids are ignored.</summary>
    public void Settle(string reservationId, IReadOnlyDictionary<string, Spend> actualByKind)
    {
        if (!State.Reserved.ContainsKey(reservationId))
        {
            return;
        }

        var reserved = new Dictionary<string, Spend>(State.Reserved);
        reserved.Remove(reservationId);
        var byKind = new Dictionary<string, Spend>(State.SpentByKind);
        foreach (var (kind, amount) in actualByKind)
        {
            byKind[kind] = (byKind.GetValueOrDefault(kind) ?? Spend.Zero) + amount;
        }

        State = State with
        {
            Reserved = reserved,
            Spent = actualByKind.Values.Aggregate(State.Spent, (a, b) => a + b),
            SpentByKind = byKind,
        };
    }

    public void Settle(string reservationId, string kind, Spend actual) => Settle(reservationId, new Dictionary<string, Spend> { [kind] = actual });

    private static Dictionary<string, Spend> With(IReadOnlyDictionary<string, Spend> source, string key, Spend value) =>
        new(source) { [key] = value };

    private static BudgetRefusal Refuse(string limit, string asked, string remaining, string total) =>
        new(limit, $"budget.{limit} would be crossed: the launch needs {asked} but only {remaining} of {total} remain");
}
