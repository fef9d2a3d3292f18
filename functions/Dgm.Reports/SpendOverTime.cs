using Dgm.Core.Budget;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>A run's spend by kind, and its cumulative spend at each committed iteration and now (or at its end).</summary>
internal static class SpendOverTime
{
    public static SpendReport Of(RunRecord run, IReadOnlyList<IterationRecord> iterations, LedgerState ledger, DateTimeOffset now)
    {
        var points = iterations
            .Where(i => i.Spent is not null)
            .Select(i => new SpendPoint(Minutes(run, i.CommittedAt), $"iteration {i.Iteration}", i.Spent!))
            .ToList();
        var last = run.Status == RunStatus.Running ? ("now", now) : ("end", run.UpdatedAt ?? now);
        points.Add(new SpendPoint(Minutes(run, last.Item2), last.Item1, ledger.Spent));
        return new SpendReport { Total = ledger.Spent, Reserved = ledger.ReservedTotal, ByKind = ledger.SpentByKind, OverTime = points };
    }

    private static double Minutes(RunRecord run, DateTimeOffset at) => Math.Max(0, (at - run.CreatedAt).TotalMinutes);
}
