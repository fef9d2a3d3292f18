using Dgm.Core.Artifacts;
using Dgm.Jobs;

namespace Dgm.Cli.Output;

/// <summary>
/// How many attempts of a node have been solved so far, read from the store: each attempt is one solve job
/// (<c>{node}-solve-{task}-a{attempt}</c>) whose runner leaves a step report, so `dgm eval` can count without the workflow.
/// </summary>
internal static class SolvedAttempts
{
    public static async Task<int> CountAsync(IArtifactStore store, string runId, string nodeId, CancellationToken cancellationToken)
    {
        var prefix = ArtifactKeys.Log(runId, nodeId, $"{nodeId}-solve-");
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in store.ListAsync(prefix, cancellationToken))
        {
            // A retried job reports once per launch: count the job, not its reports.
            if (key.EndsWith("/" + StepOutputs.Report, StringComparison.Ordinal))
            {
                jobs.Add(key[prefix.Length..key.IndexOf('/', prefix.Length)]);
            }
        }

        return jobs.Count;
    }
}
