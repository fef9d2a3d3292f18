namespace Dgm.Core.Budget;

/// <summary>An amount of the three metered resources: dollars, model tokens and sandbox seconds.</summary>
public sealed record Spend(decimal Dollars, long Tokens, double SandboxSeconds)
{
    public static Spend Zero { get; } = new(0m, 0, 0);

    public static Spend operator +(Spend a, Spend b) => new(a.Dollars + b.Dollars, a.Tokens + b.Tokens, a.SandboxSeconds + b.SandboxSeconds);

    public static Spend operator -(Spend a, Spend b) => new(a.Dollars - b.Dollars, a.Tokens - b.Tokens, a.SandboxSeconds - b.SandboxSeconds);
}

/// <summary>What a charge was for, so a report can show spend by kind.</summary>
public static class SpendKind
{
    public const string Diagnosis = "model:diagnosis";
    public const string Coding = "model:coding";

    /// <summary>What the gateway metered for a job a dead process left behind (calls then in flight at their worst case).</summary>
    public const string OrphanedMetered = "orphaned:metered";

    /// <summary>What nobody measured for a job a dead process left behind, charged at its reservation.</summary>
    public const string OrphanedReserved = "orphaned:reserved";

    public static string Sandbox(string jobKind) => $"sandbox:{jobKind}";
}
