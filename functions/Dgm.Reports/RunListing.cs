using Dgm.Core.Configuration;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>A run as the dashboard lists it.</summary>
public sealed record RunListing
{
    public required string RunId { get; init; }

    public required RunStatus Status { get; init; }

    public required SelectionPolicy Policy { get; init; }

    public required long Seed { get; init; }

    public required int LastCommittedIteration { get; init; }

    public required int Iterations { get; init; }

    public string? BestNodeId { get; init; }

    public double? BestAccuracy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Every run of a store, newest first (read from each run's run.json).</summary>
    public static async Task<IReadOnlyList<RunListing>> AllAsync(RunStore runs, CancellationToken cancellationToken = default)
    {
        var listings = new List<RunListing>();
        await foreach (var key in runs.Artifacts.ListAsync("runs/", cancellationToken))
        {
            var parts = key.Split('/');
            if (parts is [_, var runId, "run.json"] && await runs.FindRunAsync(runId, cancellationToken) is { } run)
            {
                listings.Add(new RunListing
                {
                    RunId = run.RunId,
                    Status = run.Status,
                    Policy = run.Config.Selection.Policy,
                    Seed = run.Config.Seed,
                    LastCommittedIteration = run.LastCommittedIteration,
                    Iterations = run.Config.Iterations,
                    BestNodeId = run.BestNodeId,
                    BestAccuracy = run.BestAccuracy,
                    CreatedAt = run.CreatedAt,
                });
            }
        }

        return [.. listings.OrderByDescending(l => l.CreatedAt).ThenBy(l => l.RunId, StringComparer.Ordinal)];
    }
}
