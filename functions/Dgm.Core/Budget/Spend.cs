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

    public static string Sandbox(string jobKind) => $"sandbox:{jobKind}";
}
