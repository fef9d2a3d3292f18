using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Core.Runs;

namespace Dgm.Reports;

/// <summary>An answer of the dashboard, for a host to send as it is.</summary>
public sealed record DashboardAnswer(int Status, string ContentType, string Body)
{
    public static DashboardAnswer Json(object value, int status = 200) => new(status, "application/json; charset=utf-8", PageJson.Serialize(value));

    public static DashboardAnswer Error(int status, string message) => Json(new { error = message }, status);
}

/// <summary>
/// The dashboard's pages and read-only API under <c>{apiBase}/dashboard</c>, the same for <c>dgm serve</c> and the
/// Functions host: the page, the runs, a run's report and its live stamp, a node's panel, node artifacts, comparisons.
/// Starting, approving and terminating go through the runs API itself.
/// </summary>
public sealed class DashboardSite(IArtifactStore store, string apiBase, TimeProvider time, double pollSeconds = 2)
{
    private readonly RunReportReader _reader = new(new RunStore(new WriteOnceCache(store)));
    private readonly Lazy<string> _page = new(() => ReportPages.Dashboard(apiBase, pollSeconds));

    /// <summary>Answers a GET of <c>dashboard/{path}</c>; <paramref name="query"/> holds the query string's values.</summary>
    public async Task<DashboardAnswer> GetAsync(string path, Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            return parts switch
            {
                [] => new DashboardAnswer(200, "text/html; charset=utf-8", _page.Value),
                ["runs"] => DashboardAnswer.Json(await RunListing.AllAsync(Runs, cancellationToken)),
                ["runs", var id] => await Runs.FindRunAsync(id, cancellationToken) is null
                    ? NoRun(id)
                    : DashboardAnswer.Json(await _reader.ReadAsync(id, time.GetUtcNow(), cancellationToken)),
                ["runs", var id, "stamp"] => await _reader.StampAsync(id, cancellationToken) is { } stamp ? DashboardAnswer.Json(new { stamp }) : NoRun(id),
                ["runs", var id, "nodes", var node] => await _reader.DetailsAsync(id, node, cancellationToken) is { } details
                    ? DashboardAnswer.Json(details)
                    : DashboardAnswer.Error(404, $"Run '{id}' has no node '{node}'."),
                ["artifacts", "runs", _, "nodes", _, _, ..] => await ArtifactAsync(string.Join('/', parts.Skip(1)), cancellationToken),
                ["compare"] => await CompareAsync(query, cancellationToken),
                _ => DashboardAnswer.Error(404, $"No dashboard page at '{path}'."),
            };
        }
        catch (ArgumentException ex)
        {
            // A path segment that is no valid artifact key segment ("..", "").
            return DashboardAnswer.Error(400, ex.Message);
        }
    }

    /// <summary>Only what a node's panel links to (its logs and patches); never keys, snapshots or other records.</summary>
    private async Task<DashboardAnswer> ArtifactAsync(string key, CancellationToken cancellationToken)
    {
        foreach (var segment in key.Split('/'))
        {
            ArtifactKeys.Safe(segment);
        }

        return await Runs.Artifacts.GetAsync(key, cancellationToken) is { } stored
            ? new DashboardAnswer(200, "text/plain; charset=utf-8", Encoding.UTF8.GetString(stored.Content))
            : DashboardAnswer.Error(404, $"No artifact '{key}'.");
    }

    private async Task<DashboardAnswer> CompareAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        var ids = (query("runs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return DashboardAnswer.Error(400, "Name the runs to compare: compare?runs=a,b[&by=policy].");
        }

        foreach (var id in ids)
        {
            if (await Runs.FindRunAsync(id, cancellationToken) is null)
            {
                return NoRun(id);
            }
        }

        if (!Enum.TryParse<ArmGrouping>(query("by") ?? "run", ignoreCase: true, out var grouping))
        {
            return DashboardAnswer.Error(400, $"by must be run or policy, not '{query("by")}'.");
        }

        return DashboardAnswer.Json(await new RunComparer(Runs).CompareAsync(ids, grouping, new BootstrapSettings(), time.GetUtcNow(), cancellationToken));
    }

    private RunStore Runs => _reader.Runs;

    private static DashboardAnswer NoRun(string id) => DashboardAnswer.Error(404, $"Run '{id}' does not exist.");
}
