using System.Globalization;
using System.Text.Json;
using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Budget;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>Puts runs side by side (see <see cref="RunComparison"/>); the first arm is the reference.</summary>
public sealed class RunComparer(RunStore runs)
{
    public async Task<RunComparison> CompareAsync(IReadOnlyList<string> runIds, ArmGrouping grouping, BootstrapSettings bootstrap, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var compared = new List<(ComparedRun Run, IReadOnlyDictionary<string, double> Rates)>();
        foreach (var runId in runIds.Distinct(StringComparer.Ordinal))
        {
            compared.Add(await ReadAsync(runId, cancellationToken));
        }

        var arms = compared
            .GroupBy(c => grouping == ArmGrouping.Policy ? PolicyName(c.Run) : c.Run.RunId, StringComparer.Ordinal)
            .Select(g => (Arm: Arm(g.Key, [.. g.Select(c => c.Run)]), Rates: PooledRates([.. g.Select(c => c.Rates)])))
            .ToList();
        return new RunComparison
        {
            Arms = [.. arms.Select(a => a.Arm)],
            Differences = [.. arms.Skip(1).Select((arm, index) => Difference(arm.Arm.Label, arm.Rates, arms[0].Arm.Label, arms[0].Rates, bootstrap, index))],
            Bootstrap = bootstrap,
            Method = string.Create(CultureInfo.InvariantCulture,
                $"Each arm's best node(s) against the first arm's, paired by task: the mean over the tasks both were graded on of the difference in per-task resolve rate (resolved / attempts; an arm of several runs averages its runs' best nodes per task), with a {bootstrap.Level * 100:0.#}% percentile interval from a paired bootstrap over those tasks ({bootstrap.Resamples:N0} resamples, seed {bootstrap.Seed}). Best nodes are chosen on the same tasks, so the difference favours no arm but is optimistic for both."),
            GeneratedAt = now,
        };
    }

    private async Task<(ComparedRun, IReadOnlyDictionary<string, double>)> ReadAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        var iterations = await runs.IterationsAsync(runId, cancellationToken);
        var best = run.BestNodeId is { } id ? await runs.FindNodeAsync(runId, id, cancellationToken) : null;
        var compared = new ComparedRun
        {
            RunId = run.RunId,
            Policy = run.Config.Selection.Policy,
            Seed = run.Config.Seed,
            Status = run.Status,
            BestNodeId = run.BestNodeId,
            FinalBest = run.BestAccuracy ?? 0,
            ArchiveSize = iterations.Count == 0 ? 0 : iterations[^1].ArchiveSize,
            BestPerIteration = [.. iterations.Select(i => i.BestAccuracy)],
            MeanPerIteration = [.. iterations.Select(i => i.MeanAccuracy)],
            Spent = (await runs.LedgerAsync(runId, cancellationToken)).Spent,
        };
        var rates = best is null
            ? new Dictionary<string, double>()
            : best.Outcomes.Where(t => t.Attempts.Count > 0).ToDictionary(t => t.TaskId, t => (double)t.Resolved / t.Attempts.Count, StringComparer.Ordinal);
        return (compared, rates);
    }

    private static ComparedArm Arm(string label, IReadOnlyList<ComparedRun> runs) => new()
    {
        Label = label,
        Runs = runs,
        BestPerIteration = [.. Enumerable.Range(0, runs.Max(r => r.BestPerIteration.Count))
            .Select(i => runs.Where(r => r.BestPerIteration.Count > i).Average(r => r.BestPerIteration[i]))],
        FinalBest = runs.Average(r => r.FinalBest),
        Spent = runs.Aggregate(Spend.Zero, (sum, r) => sum + r.Spent),
    };

    /// <summary>Per task, the mean resolve rate of the runs' best nodes, over the tasks every run's best node was graded on.</summary>
    private static Dictionary<string, double> PooledRates(IReadOnlyList<IReadOnlyDictionary<string, double>> runs) =>
        runs.Select(r => r.Keys).Aggregate((shared, next) => shared.Intersect(next, StringComparer.Ordinal))
            .ToDictionary(task => task, task => runs.Average(r => r[task]), StringComparer.Ordinal);

    private static ArmDifference Difference(string arm, Dictionary<string, double> rates, string reference, Dictionary<string, double> referenceRates, BootstrapSettings bootstrap, int stream)
    {
        var differences = rates.Keys.Where(referenceRates.ContainsKey).Order(StringComparer.Ordinal).Select(t => rates[t] - referenceRates[t]).ToList();
        if (differences.Count == 0)
        {
            return new ArmDifference { Arm = arm, Reference = reference, Tasks = 0, Note = "no task was graded for the best nodes of both arms" };
        }

        var (mean, low, high) = PairedBootstrap.Interval(differences, bootstrap, stream);
        return new ArmDifference { Arm = arm, Reference = reference, Tasks = differences.Count, Difference = mean, Low = low, High = high };
    }

    private static string PolicyName(ComparedRun run) => JsonSerializer.Serialize(run.Policy, DgmJson.Compact).Trim('"');
}
