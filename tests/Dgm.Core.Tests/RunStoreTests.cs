using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Testing;

namespace Dgm.Core.Tests;

public sealed class RunStoreTests
{
    private const string RunId = "r";

    private readonly WriteRecorder _store = new(new MemoryArtifactStore());

    private RunStore Runs => new(_store);

    [Fact]
    public async Task A_commit_writes_its_index_and_record_and_rewrites_nothing_before_it()
    {
        await CommitAsync(Iterations(3, children: 2).Take(2));
        _store.Written.Clear();

        var third = Iterations(3, children: 2)[2];
        await CommitAsync([third], first: 2);

        // The new nodes' records (written as each child is recorded), the index, the record: nothing earlier.
        Assert.Equal([.. third.Select(n => ArtifactKeys.Node(RunId, n.Id)), ArtifactKeys.ArchiveIndex(RunId, 2), ArtifactKeys.Iteration(RunId, 2)], _store.Written);
        Assert.Equal(third.Select(n => n.Id), (await Runs.ArchiveAsync(RunId)).Nodes.Skip(3).Select(n => n.Id));
    }

    [Fact]
    public async Task A_run_of_many_iterations_loads_every_admitted_node_in_admission_order()
    {
        var iterations = Iterations(120, children: 3);
        await CommitAsync(iterations);

        var archive = await Runs.ArchiveAsync(RunId);

        var expected = iterations.SelectMany(i => i).ToList();
        Assert.Equal(expected.Select(ArchiveEntry.Of), archive.Nodes);
        Assert.Equal(expected.Select(n => n.Accuracy), archive.Nodes.Select(n => n.Accuracy));
        Assert.Equal(expected.Count(n => n.ParentId == ArchiveNode.SeedId), archive.Children(ArchiveNode.SeedId).Count);
        var last = (await Runs.IterationsAsync(RunId))[^1];
        Assert.Equal(expected.Count, last.ArchiveSize);
        Assert.Equal(expected.Average(n => n.Accuracy), last.MeanAccuracy, precision: 12);
        Assert.Equal(expected.OrderByDescending(n => n.Accuracy).First().Id, last.BestNodeId);
    }

    [Fact]
    public async Task Committing_an_iteration_again_adds_nothing()
    {
        var iterations = Iterations(2, children: 2);
        await CommitAsync(iterations);
        var keys = await KeysAsync();

        await CommitAsync([iterations[1]], first: 1);

        Assert.Equal(keys, await KeysAsync());
        Assert.Equal(iterations.SelectMany(i => i).Select(n => n.Id), (await Runs.ArchiveAsync(RunId)).Nodes.Select(n => n.Id));
    }

    [Fact]
    public async Task An_index_or_segment_whose_record_was_never_written_is_not_in_the_archive()
    {
        var iterations = Iterations(2, children: 1);
        await CommitAsync([iterations[0]]);
        await _store.PutAsync(ArtifactKeys.ArchiveIndex(RunId, 1), DgmJson.Serialize(iterations[1].Select(ArchiveEntry.Of)));
        await _store.PutAsync(ArtifactKeys.ArchiveSegment(RunId, 1), DgmJson.Serialize(iterations[1]));

        Assert.Equal([ArchiveNode.SeedId], (await Runs.ArchiveAsync(RunId)).Nodes.Select(n => n.Id));
    }

    [Fact]
    public async Task A_folder_written_before_archive_segments_loads_and_later_commits_append_to_it()
    {
        // The old shape: run.json lists the archive, iteration records name the admitted nodes, no segments.
        var iterations = Iterations(4, children: 2);
        var oldIds = iterations.Take(3).SelectMany(i => i).Select(n => n.Id).ToList();
        var run = JsonNode.Parse(DgmJson.Serialize(NewRun() with { LastCommittedIteration = 2 }))!.AsObject();
        run["archive"] = new JsonArray([.. oldIds.Select(id => JsonValue.Create(id))]);
        await _store.PutMutableAsync(ArtifactKeys.Run(RunId), System.Text.Encoding.UTF8.GetBytes(run.ToJsonString()), expectedVersion: null);
        var totals = ArchiveTotals.Empty;
        for (var i = 0; i < 3; i++)
        {
            totals = totals.Add(iterations[i]);
            foreach (var node in iterations[i])
            {
                await Runs.WriteNodeAsync(RunId, node);
            }

            await _store.PutAsync(ArtifactKeys.Iteration(RunId, i), DgmJson.Serialize(Record(i, iterations[i], totals)));
        }

        Assert.Equal(2, (await Runs.GetRunAsync(RunId)).LastCommittedIteration);
        Assert.Equal(5, await Runs.ArchiveSizeAsync(await Runs.GetRunAsync(RunId)));
        Assert.Equal(oldIds, (await Runs.ArchiveAsync(RunId)).Nodes.Select(n => n.Id));

        await CommitAsync([iterations[3]], first: 3, writeRun: false);

        Assert.Equal(iterations.SelectMany(i => i).Select(n => n.Id), (await Runs.ArchiveAsync(RunId)).Nodes.Select(n => n.Id));
        Assert.Equal(7, (await Runs.IterationsAsync(RunId))[^1].ArchiveSize);
    }

    [Fact]
    public async Task A_folder_whose_segments_hold_whole_nodes_loads_and_a_commit_cut_short_in_it_completes()
    {
        // The shape before the archive index: each iteration's admitted node records, whole, in archive/{n}.json.
        var iterations = Iterations(5, children: 2);
        await Runs.CreateRunAsync(NewRun());
        var totals = ArchiveTotals.Empty;
        for (var i = 0; i < 4; i++)
        {
            totals = totals.Add(iterations[i]);
            foreach (var node in iterations[i])
            {
                await Runs.WriteNodeAsync(RunId, node);
            }

            await _store.PutAsync(ArtifactKeys.ArchiveSegment(RunId, i), JsonSerializer.SerializeToUtf8Bytes(iterations[i], DgmJson.Compact));
            if (i < 3)
            {
                await _store.PutAsync(ArtifactKeys.Iteration(RunId, i), DgmJson.Serialize(Record(i, iterations[i], totals)));
            }
        }

        // Iteration 3's segment was written, its record was not: the archive ends at iteration 2.
        var old = iterations.Take(3).SelectMany(i => i).ToList();
        Assert.Equal(old.Select(ArchiveEntry.Of), (await Runs.ArchiveAsync(RunId)).Nodes);

        // The resumed run commits iteration 3 again, and then 4, in the new shape, beside the old segments.
        await CommitAsync(iterations.Skip(3), first: 3, writeRun: false);

        var archive = await Runs.ArchiveAsync(RunId);
        Assert.Equal(iterations.SelectMany(i => i).Select(ArchiveEntry.Of), archive.Nodes);
        Assert.Equal(iterations.SelectMany(i => i).Count(n => n.ParentId == ArchiveNode.SeedId), archive.Children(ArchiveNode.SeedId).Count);
        Assert.True(await _store.ExistsAsync(ArtifactKeys.ArchiveIndex(RunId, 3)));
        Assert.False(await _store.ExistsAsync(ArtifactKeys.ArchiveIndex(RunId, 2)));
    }

    [Fact]
    public async Task The_index_holds_what_selection_reads_and_no_task_outcome()
    {
        var iterations = Iterations(2, children: 1);
        await CommitAsync(iterations);

        var index = System.Text.Encoding.UTF8.GetString((await _store.GetAsync(ArtifactKeys.ArchiveIndex(RunId, 1)))!.Content);
        var child = iterations[1][0];

        Assert.Equal(
            $$"""[{"id":"{{child.Id}}","parentId":"{{child.ParentId}}","status":"admitted","snapshotHash":"{{child.SnapshotHash}}","stages":1,"resolved":{{child.AttemptCounts.Resolved}},"submitted":10}]""",
            index);
    }

    [Fact]
    public async Task An_index_that_does_not_hold_the_admitted_nodes_is_refused()
    {
        var seed = Iterations(1, children: 0)[0];
        var record = Record(0, seed, ArchiveTotals.Empty.Add(seed)) with { Admitted = ["other"] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Runs.CommitIterationAsync(RunId, record, seed));

        Assert.Contains("admits [other] but the index holds [seed]", error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.Written);
    }

    [Fact]
    public void Totals_carried_forward_match_the_whole_archive_and_keep_the_first_of_equal_bests()
    {
        var seed = Nodes.Evaluated(ArchiveNode.SeedId, null, 2, 4);
        var a = Nodes.Evaluated("a", ArchiveNode.SeedId, 3, 4);
        var b = Nodes.Evaluated("b", "a", 3, 4);
        var c = Nodes.Evaluated("c", "a", 1, 4);

        var totals = ArchiveTotals.Empty.Add([seed]).Add([a, b]).Add([c]);

        Assert.Equal(new ArchiveTotals(4, "a", 0.75, (0.5 + 0.75 + 0.75 + 0.25) / 4), totals);
        Assert.Equal(ArchiveTotals.Empty, ArchiveTotals.Empty.Add([]));
    }

    /// <summary>Iteration 0 admits the seed; each later one admits <paramref name="children"/> children of the nodes before it.</summary>
    private static List<ArchiveNode[]> Iterations(int count, int children)
    {
        var iterations = new List<ArchiveNode[]> { new[] { Nodes.Evaluated(ArchiveNode.SeedId, null, 3, 10) with { Iteration = 0, SnapshotHash = "sha-seed" } } };
        var all = iterations[0].ToList();
        for (var i = 1; i < count; i++)
        {
            var batch = Enumerable.Range(0, children)
                .Select(slot => Nodes.Evaluated(ChildPlan.IdFor(i, slot), all[(i * 7 + slot) % all.Count].Id, (i + slot) % 11, 10) with { Iteration = i, Slot = slot, SnapshotHash = $"sha-{i}-{slot}" })
                .ToArray();
            iterations.Add(batch);
            all.AddRange(batch);
        }

        return iterations;
    }

    /// <summary>Writes the nodes and commits the iterations as the workflow does, carrying the totals forward.</summary>
    private async Task CommitAsync(IEnumerable<ArchiveNode[]> iterations, int first = 0, bool writeRun = true)
    {
        if (writeRun && first == 0 && await Runs.FindRunAsync(RunId) is null)
        {
            await Runs.CreateRunAsync(NewRun());
        }

        var n = first;
        foreach (var admitted in iterations)
        {
            foreach (var node in admitted)
            {
                await Runs.WriteNodeAsync(RunId, node);
            }

            var previous = n == 0 ? null : await Runs.FindIterationAsync(RunId, n - 1);
            var record = Record(n, admitted, ArchiveTotals.After(previous).Add(admitted));
            if (await Runs.FindIterationAsync(RunId, n) is { } committed)
            {
                // A retry finds the record already written; committing it again must change nothing.
                record = committed;
            }

            await Runs.CommitIterationAsync(RunId, record, admitted);
            n++;
        }
    }

    private static IterationRecord Record(int iteration, IReadOnlyList<ArchiveNode> admitted, ArchiveTotals totals) => new()
    {
        Iteration = iteration,
        Admitted = [.. admitted.Select(n => n.Id)],
        ArchiveSize = totals.Size,
        BestNodeId = totals.BestNodeId,
        BestAccuracy = totals.BestAccuracy,
        MeanAccuracy = totals.MeanAccuracy,
        CommittedAt = DateTimeOffset.UnixEpoch,
    };

    private static RunRecord NewRun() =>
        new() { RunId = RunId, Config = new RunConfig(), SeedSnapshot = "s", SuiteManifestSha = "m", CreatedAt = DateTimeOffset.UnixEpoch };

    private async Task<List<(string Key, string Sha)>> KeysAsync()
    {
        var keys = new List<(string, string)>();
        await foreach (var key in _store.ListAsync(ArtifactKeys.RunPrefix(RunId)))
        {
            keys.Add((key, (await _store.GetAsync(key))!.Sha256));
        }

        return keys;
    }

    /// <summary>Records the key of every write, so a test sees what a commit wrote, not only what the store holds after.</summary>
    private sealed class WriteRecorder(IArtifactStore inner) : IArtifactStore
    {
        public List<string> Written { get; } = [];

        public Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
        {
            Written.Add(key);
            return inner.PutAsync(key, content, cancellationToken);
        }

        public Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
        {
            Written.Add(key);
            return inner.PutMutableAsync(key, content, expectedVersion, cancellationToken);
        }

        public Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
    }
}
