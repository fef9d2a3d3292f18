using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Local.Artifacts;
using Dgm.Workflow;
using Dgm.Workflow.Activities;

namespace Dgm.Bench;

/// <summary>
/// A run's records on the disk store at 100, 1,000, … up to N nodes (the synthetic archive, two children per
/// iteration): the time to commit an iteration through the workflow's commit activity as the archive grows, and the
/// time to load the archive a selection starts from — from the archive index as committed now, and from the shapes of
/// folders written before it: segments of whole node records, and before those the node records alone.
/// Usage: <c>dgm-bench archive [--nodes N] [--children C] [--runs R]</c>.
/// </summary>
internal static class ArchiveBenchmark
{
    private static readonly int[] TableSizes = [100, 1_000, 10_000];

    public static async Task<int> RunAsync(string[] args)
    {
        var largest = EngineFanOutBenchmark.Option(args, "--nodes", 10_000);
        var children = EngineFanOutBenchmark.Option(args, "--children", 2);
        var runs = EngineFanOutBenchmark.Option(args, "--runs", 3);
        var rows = new List<Row>();
        foreach (var size in TableSizes.Where(size => size < largest).Append(largest))
        {
            var root = Directory.CreateTempSubdirectory("dgm-bench-archive-");
            try
            {
                var row = await MeasureAsync(root.FullName, SyntheticArchive.Nodes(size), children, runs);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size:N0} nodes in {row.Iterations:N0} iterations: {row.Megabytes:0.0} MB, archive index {row.IndexMegabytes:0.00} MB, run.json {row.RunJsonBytes:N0} bytes"));
                rows.Add(row);
            }
            finally
            {
                root.Delete(recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"disk store, {children} children per iteration, load average {LoadAverage()}; load: median of {runs}; commit: median of the last 100 iterations' commits");
        Console.WriteLine("| nodes | iterations | load | load, segments of whole nodes | load, node records only | commit |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Nodes:N0} | {row.Iterations:N0} | {SelectionBenchmark.Format(row.Load)} | {SelectionBenchmark.Format(row.SegmentLoad)} | {SelectionBenchmark.Format(row.NodeLoad)} | {SelectionBenchmark.Format(row.Commit)} |"));
        }

        return 0;
    }

    private static async Task<Row> MeasureAsync(string root, IReadOnlyList<ArchiveNode> nodes, int children, int runs)
    {
        var store = new DiskArtifactStore(root);
        var records = new RunStore(store);
        const string RunId = "bench";
        await records.CreateRunAsync(new RunRecord { RunId = RunId, Config = new RunConfig(), SeedSnapshot = "s", SuiteManifestSha = "m", CreatedAt = DateTimeOffset.UnixEpoch });
        var commit = new CommitIterationActivity(records, TimeProvider.System);
        var commits = new List<double>();
        // Iteration 0 admits the seed; iteration i ≥ 1 admits the next `children` nodes.
        var batches = new[] { nodes.Take(1) }.Concat(nodes.Skip(1).Chunk(children)).Select(b => b.ToList()).ToList();
        for (var iteration = 0; iteration < batches.Count; iteration++)
        {
            foreach (var node in batches[iteration])
            {
                await records.WriteNodeAsync(RunId, node with { Iteration = iteration });
            }

            var summaries = batches[iteration].Select(n => RecordChildActivity.Summarize(n)).ToList();
            var clock = Stopwatch.StartNew();
            // The activity never reads its context.
            await commit.RunAsync(null!, new CommitInput(RunId, iteration, [], summaries, []));
            commits.Add(clock.Elapsed.TotalMilliseconds);
        }

        var load = await MedianAsync(runs, () => new RunStore(new DiskArtifactStore(root)).ArchiveAsync(RunId), nodes.Count);
        var megabytes = Megabytes(root);
        var index = Path.Combine(root, "runs", RunId, "archive-index");
        var indexMegabytes = Megabytes(index);
        var runJson = new FileInfo(Path.Combine(root, "runs", RunId, "run.json")).Length;

        // The shape commits wrote before the archive index: each iteration's admitted node records, whole.
        Directory.Delete(index, recursive: true);
        for (var iteration = 0; iteration < batches.Count; iteration++)
        {
            var admitted = batches[iteration].Select(n => n with { Iteration = iteration }).ToList();
            await store.PutAsync(ArtifactKeys.ArchiveSegment(RunId, iteration), JsonSerializer.SerializeToUtf8Bytes(admitted, DgmJson.Compact));
        }

        var segmentLoad = await MedianAsync(runs, () => new RunStore(new DiskArtifactStore(root)).ArchiveAsync(RunId), nodes.Count);
        Directory.Delete(Path.Combine(root, "runs", RunId, "archive"), recursive: true);
        var nodeLoad = await MedianAsync(runs, () => new RunStore(new DiskArtifactStore(root)).ArchiveAsync(RunId), nodes.Count);
        return new Row(nodes.Count, batches.Count, load, segmentLoad, nodeLoad, Median(commits.TakeLast(100)), megabytes, indexMegabytes, runJson);
    }

    private static async Task<double> MedianAsync(int runs, Func<Task<AgentArchive>> load, int expected)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var clock = Stopwatch.StartNew();
            var archive = await load();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (archive.Count != expected)
            {
                throw new InvalidOperationException($"Loaded {archive.Count} nodes, committed {expected}.");
            }
        }

        return Median(times);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static double Megabytes(string folder) => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6;

    /// <summary>The one-minute load average, when the machine reports it: timings on a busy machine are not idle ones.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private sealed record Row(int Nodes, int Iterations, double Load, double SegmentLoad, double NodeLoad, double Commit, double Megabytes, double IndexMegabytes, long RunJsonBytes);
}
