using System.Text.Json;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Budget;

namespace Dgm.Core.Runs;

/// <summary>Reads and writes a run's records in the artifact layout: run.json, iteration records, nodes, the ledger.</summary>
public sealed class RunStore(IArtifactStore store)
{
    /// <summary>Reads in flight when loading many records: enough to hide a blob store's latency, few enough not to flood it.</summary>
    private const int ParallelReads = 32;

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
        var numbers = await NumbersAsync(ArtifactKeys.IterationsPrefix(runId), cancellationToken);
        return await ReadAllAsync(numbers, (n, token) => ReadAsync<IterationRecord>(ArtifactKeys.Iteration(runId, n), token), cancellationToken);
    }

    public async Task<IterationRecord?> FindIterationAsync(string runId, int iteration, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Iteration(runId, iteration), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<IterationRecord>(stored.Content, stored.Key);
    }

    /// <summary>
    /// Commits an iteration by appending: the archive entries of the nodes it admitted go to its archive index file,
    /// then its record is written (an iteration is committed when its record exists). Nothing written before is read
    /// whole or rewritten. Both writes are write-once, so committing the same iteration again (a retried activity) adds
    /// nothing.
    /// </summary>
    public async Task CommitIterationAsync(string runId, IterationRecord record, IReadOnlyList<ArchiveNode> admitted, CancellationToken cancellationToken = default)
    {
        if (!admitted.Select(n => n.Id).SequenceEqual(record.Admitted, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Iteration {record.Iteration} of run '{runId}' admits [{string.Join(", ", record.Admitted)}] but the index holds [{string.Join(", ", admitted.Select(n => n.Id))}].",
                nameof(admitted));
        }

        var entries = admitted.Select(ArchiveEntry.Of).ToList();
        // Unindented: loading a large archive is mostly reading its index.
        await store.PutAsync(ArtifactKeys.ArchiveIndex(runId, record.Iteration), JsonSerializer.SerializeToUtf8Bytes(entries, DgmJson.Compact), cancellationToken);
        await store.PutAsync(ArtifactKeys.Iteration(runId, record.Iteration), DgmJson.Serialize(record), cancellationToken);
    }

    /// <summary>The archive's size after the run's last committed iteration, as that iteration's record counts it.</summary>
    public async Task<int> ArchiveSizeAsync(RunRecord run, CancellationToken cancellationToken = default) =>
        run.LastCommittedIteration < 0 ? 0 : (await FindIterationAsync(run.RunId, run.LastCommittedIteration, cancellationToken))?.ArchiveSize ?? 0;

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
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(ArtifactKeys.NodesPrefix(runId), cancellationToken))
        {
            if (key.EndsWith("/node.json", StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        return await ReadAllAsync(keys, ReadAsync<ArchiveNode>, cancellationToken);
    }

    /// <summary>
    /// The archive as committed: the seed and every admitted child of every committed iteration, in admission order.
    /// Reads one index file per iteration. Folders written before the index have none for their iterations: those
    /// entries are taken from the iteration's segment of whole node records or, older still, from the node records
    /// its record names.
    /// </summary>
    public async Task<AgentArchive> ArchiveAsync(string runId, CancellationToken cancellationToken = default)
    {
        var committed = await NumbersAsync(ArtifactKeys.IterationsPrefix(runId), cancellationToken);
        // An index file whose iteration has no record belongs to a commit cut short; it is not part of the archive yet.
        var indexed = (await NumbersAsync(ArtifactKeys.ArchiveIndexPrefix(runId), cancellationToken)).ToHashSet();
        var segmented = (await NumbersAsync(ArtifactKeys.ArchivePrefix(runId), cancellationToken)).ToHashSet();
        var entries = await ReadAllAsync(
            committed,
            (n, token) => indexed.Contains(n) ? ReadAsync<List<ArchiveEntry>>(ArtifactKeys.ArchiveIndex(runId, n), token) : EntriesBeforeIndexAsync(runId, n, segmented.Contains(n), token),
            cancellationToken);
        return new AgentArchive(entries.SelectMany(e => e));
    }

    private async Task<List<ArchiveEntry>> EntriesBeforeIndexAsync(string runId, int iteration, bool segmented, CancellationToken cancellationToken)
    {
        IReadOnlyList<ArchiveNode> admitted;
        if (segmented)
        {
            admitted = await ReadAsync<List<ArchiveNode>>(ArtifactKeys.ArchiveSegment(runId, iteration), cancellationToken);
        }
        else
        {
            var record = await ReadAsync<IterationRecord>(ArtifactKeys.Iteration(runId, iteration), cancellationToken);
            admitted = await Task.WhenAll(record.Admitted.Select(id => GetNodeAsync(runId, id, cancellationToken)));
        }

        return [.. admitted.Select(ArchiveEntry.Of)];
    }

    /// <summary>The iteration numbers of the <c>{n}.json</c> keys under <paramref name="prefix"/>, ascending.</summary>
    private async Task<List<int>> NumbersAsync(string prefix, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        await foreach (var key in store.ListAsync(prefix, cancellationToken))
        {
            var name = key[prefix.Length..];
            if (!name.EndsWith(".json", StringComparison.Ordinal)
                || !int.TryParse(name[..^".json".Length], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidDataException($"{key}: not an iteration's record; only {prefix}{{n}}.json belongs there.");
            }

            numbers.Add(number);
        }

        numbers.Sort();
        return numbers;
    }

    private async Task<T> ReadAsync<T>(string key, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(key, cancellationToken) ?? throw new InvalidDataException($"{key} was listed but is gone; run records are never deleted.");
        return DgmJson.Deserialize<T>(stored.Content, key);
    }

    /// <summary>Reads many records at once, in the order given: a run's records are thousands of small reads, each a round trip to a blob store.</summary>
    private static async Task<T[]> ReadAllAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var results = new T[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await read(items[i], token));
        return results;
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
