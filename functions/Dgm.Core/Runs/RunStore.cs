using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Budget;

namespace Dgm.Core.Runs;

/// <summary>Reads and writes a run's records in the artifact layout: run.json, iteration records, nodes, the ledger.</summary>
public sealed class RunStore(IArtifactStore store)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public IArtifactStore Artifacts => store;

    public async Task<RunRecord?> FindRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Run(runId), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<RunRecord>(stored.Content, stored.Key);
    }

    public async Task<RunRecord> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        await FindRunAsync(runId, cancellationToken) ?? throw new KeyNotFoundException($"Run '{runId}' does not exist ({ArtifactKeys.Run(runId)} is missing).");

    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) =>
        store.PutMutableAsync(ArtifactKeys.Run(run.RunId), DgmJson.Serialize(run), expectedVersion: null, cancellationToken);

    /// <summary>Read-modify-write of run.json with a version check, retried on a concurrent change.</summary>
    public Task<RunRecord> UpdateRunAsync(string runId, Func<RunRecord, RunRecord> change, CancellationToken cancellationToken = default) =>
        UpdateAsync<RunRecord>(ArtifactKeys.Run(runId), current => change(current ?? throw new KeyNotFoundException($"Run '{runId}' does not exist.")), cancellationToken);

    public async Task<IReadOnlyList<IterationRecord>> IterationsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var records = new List<IterationRecord>();
        await foreach (var key in store.ListAsync(ArtifactKeys.IterationsPrefix(runId), cancellationToken))
        {
            var stored = await store.GetAsync(key, cancellationToken);
            records.Add(DgmJson.Deserialize<IterationRecord>(stored!.Content, key));
        }

        return records.OrderBy(r => r.Iteration).ToList();
    }

    public async Task<IterationRecord?> FindIterationAsync(string runId, int iteration, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Iteration(runId, iteration), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<IterationRecord>(stored.Content, stored.Key);
    }

    /// <summary>Commits an iteration; writing the same record again (a retried activity) is a no-op.</summary>
    public Task CommitIterationAsync(string runId, IterationRecord record, CancellationToken cancellationToken = default) =>
        store.PutAsync(ArtifactKeys.Iteration(runId, record.Iteration), DgmJson.Serialize(record), cancellationToken);

    public async Task<ArchiveNode?> FindNodeAsync(string runId, string nodeId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Node(runId, nodeId), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<ArchiveNode>(stored.Content, stored.Key);
    }

    public async Task<ArchiveNode> GetNodeAsync(string runId, string nodeId, CancellationToken cancellationToken = default) =>
        await FindNodeAsync(runId, nodeId, cancellationToken) ?? throw new KeyNotFoundException($"Node '{nodeId}' of run '{runId}' does not exist.");

    /// <summary>Writes a node's final record once; a node is never rewritten, so a retry cannot change history.</summary>
    public Task WriteNodeAsync(string runId, ArchiveNode node, CancellationToken cancellationToken = default) =>
        store.PutAsync(ArtifactKeys.Node(runId, node.Id), DgmJson.Serialize(node), cancellationToken);

    public async Task<HeldOutResult?> FindHeldOutAsync(string runId, string nodeId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.HeldOut(runId, nodeId), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<HeldOutResult>(stored.Content, stored.Key);
    }

    /// <summary>Writes a node's held-out grades once, like its node.json.</summary>
    public Task WriteHeldOutAsync(string runId, string nodeId, HeldOutResult result, CancellationToken cancellationToken = default) =>
        store.PutAsync(ArtifactKeys.HeldOut(runId, nodeId), DgmJson.Serialize(result), cancellationToken);

    public async Task<IReadOnlyList<ArchiveNode>> NodesAsync(string runId, CancellationToken cancellationToken = default)
    {
        var nodes = new List<ArchiveNode>();
        await foreach (var key in store.ListAsync(ArtifactKeys.NodesPrefix(runId), cancellationToken))
        {
            if (key.EndsWith("/node.json", StringComparison.Ordinal))
            {
                var stored = await store.GetAsync(key, cancellationToken);
                nodes.Add(DgmJson.Deserialize<ArchiveNode>(stored!.Content, key));
            }
        }

        return nodes;
    }

    /// <summary>The archive as committed: the seed and every admitted child of every committed iteration, in admission order.</summary>
    public async Task<AgentArchive> ArchiveAsync(string runId, CancellationToken cancellationToken = default)
    {
        var archive = new AgentArchive([]);
        foreach (var iteration in await IterationsAsync(runId, cancellationToken))
        {
            foreach (var id in iteration.Admitted)
            {
                archive.Add(await GetNodeAsync(runId, id, cancellationToken));
            }
        }

        return archive;
    }

    public async Task<LedgerState> LedgerAsync(string runId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Ledger(runId), cancellationToken);
        return stored is null ? new LedgerState() : DgmJson.Deserialize<LedgerState>(stored.Content, stored.Key);
    }

    /// <summary>Applies a change to the run's ledger atomically; returns what the change returned.</summary>
    public async Task<T> UpdateLedgerAsync<T>(string runId, Func<BudgetLedger, T> change, CancellationToken cancellationToken = default)
    {
        var run = await GetRunAsync(runId, cancellationToken);
        T result = default!;
        await UpdateAsync<LedgerState>(ArtifactKeys.Ledger(runId), state =>
        {
            var ledger = new BudgetLedger(run.Config.Budget, state ?? new LedgerState());
            result = change(ledger);
            return ledger.State;
        }, cancellationToken);
        return result;
    }

    /// <summary>
    /// Read-modify-write with a version check. Writers in this process queue on a lock per key first: hundreds of
    /// activities settling against one ledger would otherwise mostly lose the race and retry, in quadratic work.
    /// </summary>
    private async Task<T> UpdateAsync<T>(string key, Func<T?, T> change, CancellationToken cancellationToken)
        where T : class
    {
        var gate = Gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await store.UpdateAsync(key, change, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
