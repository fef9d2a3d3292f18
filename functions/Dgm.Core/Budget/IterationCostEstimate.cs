using Dgm.Core.Configuration;

namespace Dgm.Core.Budget;

/// <summary>
/// What an average job does, for planning: wall seconds and tokens per job kind. The ledger meters real runs; this
/// profile only turns a configuration into an expected price before one starts.
/// </summary>
public sealed record WorkloadProfile
{
    public double SelfModifySeconds { get; init; } = 600;

    public double BuildSeconds { get; init; } = 90;

    public double SolveSeconds { get; init; } = 300;

    public double GradeSeconds { get; init; } = 60;

    public (long Input, long Output) DiagnosisTokens { get; init; } = (60_000, 4_000);

    public (long Input, long Output) SelfModifyTokens { get; init; } = (400_000, 15_000);

    public (long Input, long Output) SolveTokens { get; init; } = (150_000, 6_000);

    /// <summary>How many stages a child is evaluated on (the paper's gates pass most children into stage 2, few into 3).</summary>
    public int StagesReached { get; init; } = 2;
}

/// <summary>One line of an estimate: what is paid for, how much of it, and the dollars.</summary>
public sealed record CostLine(string Item, double Quantity, string Unit, decimal Dollars);

/// <summary>The expected price of one iteration: every child's diagnosis, self-modification, build and evaluation.</summary>
public static class IterationCostEstimate
{
    public static IReadOnlyList<CostLine> For(RunConfig config, WorkloadProfile profile)
    {
        var costs = new CostModel(config);
        var children = config.ChildrenPerIteration;
        // A child that is admitted is also graded on the held-out tasks; the estimate counts every child as admitted.
        var tasks = (config.Stages.Take(profile.StagesReached).Sum(s => s.Tasks) + (config.HeldOut?.Count ?? 0)) * config.Attempts;
        decimal Sandbox(double seconds) => costs.SandboxCost(config.Sandbox.Cpus, config.Sandbox.MemoryMb, seconds);
        decimal Tokens(ModelSpec model, (long Input, long Output) tokens, double times) =>
            CostModel.ModelCost(model, tokens.Input, tokens.Output) * (decimal)times;

        return
        [
            new("diagnosis tokens", children, "calls", Tokens(config.Models.Diagnosis, profile.DiagnosisTokens, children)),
            new("self-modification tokens", children, "jobs", Tokens(config.Models.Coding, profile.SelfModifyTokens, children)),
            new("solve tokens", children * tasks, "jobs", Tokens(config.Models.Coding, profile.SolveTokens, children * tasks)),
            new("self-modification sandboxes", children * profile.SelfModifySeconds, "sandbox-seconds", Sandbox(children * profile.SelfModifySeconds)),
            new("build sandboxes", children * profile.BuildSeconds, "sandbox-seconds", Sandbox(children * profile.BuildSeconds)),
            new("solve sandboxes", children * tasks * profile.SolveSeconds, "sandbox-seconds", Sandbox(children * tasks * profile.SolveSeconds)),
            new("grade sandboxes", children * tasks * profile.GradeSeconds, "sandbox-seconds", Sandbox(children * tasks * profile.GradeSeconds)),
        ];
    }
}
