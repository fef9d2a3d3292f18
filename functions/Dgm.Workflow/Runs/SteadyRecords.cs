using Dgm.Core;
using Dgm.Core.Artifacts;
using Dgm.Core.Runs;

namespace Dgm.Workflow.Runs;

/// <summary>
/// The steady loop's records of each child apart from the archive: its plan, written when it starts, and its end,
/// written before the run is told. The run commits from the ends, and a resumed run finds from both which children
/// it had started and which of them it had not committed.
/// </summary>
public sealed class SteadyRecords(RunStore runs)
{
    public async Task<ChildPlan?> FindPlanAsync(string runId, int number, CancellationToken cancellationToken = default) =>
        await FindAsync<ChildPlan>(ArtifactKeys.SteadyPlan(runId, number), cancellationToken);

    /// <summary>Write-once: a retried start writes the same plan, and a different one is an error.</summary>
    public Task WritePlanAsync(string runId, int number, ChildPlan plan, CancellationToken cancellationToken = default) =>
        runs.Artifacts.PutAsync(ArtifactKeys.SteadyPlan(runId, number), DgmJson.Serialize(plan), cancellationToken);

    public async Task<SteadyOutcome?> FindOutcomeAsync(string runId, int number, CancellationToken cancellationToken = default) =>
        await FindAsync<SteadyOutcome>(ArtifactKeys.SteadyOutcome(runId, number), cancellationToken);

    public Task WriteOutcomeAsync(string runId, SteadyOutcome outcome, CancellationToken cancellationToken = default) =>
        runs.Artifacts.PutAsync(ArtifactKeys.SteadyOutcome(runId, outcome.Number), DgmJson.Serialize(outcome), cancellationToken);

    /// <summary>The numbers of every child the run started (those with a plan), ascending.</summary>
    public async Task<IReadOnlyList<int>> StartedAsync(string runId, CancellationToken cancellationToken = default)
    {
        var prefix = ArtifactKeys.SteadyPrefix(runId);
        var numbers = new List<int>();
        await foreach (var key in runs.Artifacts.ListAsync(prefix, cancellationToken))
        {
            if (key.EndsWith("/plan.json", StringComparison.Ordinal))
            {
                var name = key[prefix.Length..^"/plan.json".Length];
                numbers.Add(int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? number
                    : throw new InvalidDataException($"{key}: not a steady child's plan; only {prefix}{{n}}/plan.json belongs there."));
            }
        }

        numbers.Sort();
        return numbers;
    }

    private async Task<T?> FindAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        var stored = await runs.Artifacts.GetAsync(key, cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<T>(stored.Content, key);
    }
}
