using Dgm.Core.Artifacts;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>A run as the dashboard lists it: its facts and its best node so far.</summary>
public sealed record RunListing(RunFacts Run, string? BestNodeId, double? BestAccuracy)
{
    /// <summary>Every run of a store, newest first (read from each run's run.json).</summary>
    public static async Task<IReadOnlyList<RunListing>> AllAsync(RunStore runs, CancellationToken cancellationToken = default)
    {
        var listings = new List<RunListing>();
        await foreach (var key in runs.Artifacts.ListAsync(ArtifactKeys.RunsPrefix, cancellationToken))
        {
            if (key.Split('/') is [_, var runId, "run.json"] && await runs.FindRunAsync(runId, cancellationToken) is { } run)
            {
                listings.Add(new RunListing(RunFacts.Of(run), run.BestNodeId, run.BestAccuracy));
            }
        }

        return [.. listings.OrderByDescending(l => l.Run.CreatedAt).ThenBy(l => l.Run.RunId, StringComparer.Ordinal)];
    }
}
