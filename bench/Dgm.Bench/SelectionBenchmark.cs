using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Selection;

namespace Dgm.Bench;

/// <summary>
/// Parent selection (two slots) on synthetic archives of 100, 1,000, … up to N nodes, for every policy: the time to
/// build the archive from its entries (as the archive index holds them), the first selection after building it, and
/// the median of the selections of later iterations. The target is 20 ms at 10,000 nodes. Usage:
/// <c>dgm-bench selection [--nodes N] [--runs R]</c>.
/// </summary>
internal static class SelectionBenchmark
{
    private const int Slots = 2;

    private static readonly int[] TableSizes = [100, 1_000, 10_000];

    /// <summary>Later selections stop at <c>--runs</c> or after this long, whichever comes first.</summary>
    private static readonly TimeSpan WarmBudget = TimeSpan.FromSeconds(2);

    public static Task<int> RunAsync(string[] args)
    {
        var largest = EngineFanOutBenchmark.Option(args, "--nodes", 10_000);
        var runs = EngineFanOutBenchmark.Option(args, "--runs", 20);
        var sizes = TableSizes.Where(size => size < largest).Append(largest).ToList();
        var policies = Enum.GetValues<SelectionPolicy>();
        var rows = new List<(int Nodes, double Load, Timing[] Timings)>();
        foreach (var size in sizes)
        {
            var nodes = SyntheticArchive.Nodes(size);
            var entries = nodes.Select(ArchiveEntry.Of).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size:N0} nodes, lineage depth mean {MeanDepth(nodes):0} and max {MaxDepth(nodes)}:"));
            var loads = new List<double>();
            var timings = policies.Select(policy =>
            {
                var (load, timing) = Measure(entries, new SelectionSettings { Policy = policy }, runs);
                loads.Add(load);
                Console.WriteLine($"  {Name(policy),-16} {Format(timing.Median)} per selection (first after building {Format(timing.First)}; {timing.Runs} later selections)");
                return timing;
            }).ToArray();
            rows.Add((size, loads.Order().ElementAt(loads.Count / 2), timings));
        }

        Console.WriteLine();
        Console.WriteLine($"time per selection of {Slots} parents: median of later selections (first after building)");
        Console.WriteLine($"| nodes | build | {string.Join(" | ", policies.Select(Name))} |");
        Console.WriteLine($"|---:|---:|{string.Concat(policies.Select(_ => "---:|"))}");
        foreach (var (size, load, timings) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {Format(load)} | {string.Join(" | ", timings.Select(t => $"{Format(t.Median)} ({Format(t.First)})"))} |"));
        }

        return Task.FromResult(0);
    }

    /// <summary>Builds an archive of the entries, then selects for iteration 0, 1, 2, ….</summary>
    private static (double Load, Timing Timing) Measure(IReadOnlyList<ArchiveEntry> entries, SelectionSettings settings, int runs)
    {
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var archive = new AgentArchive(entries);
        var load = clock.Elapsed.TotalMilliseconds;
        var first = Time(() => ParentSelection.Select(archive, settings, Slots, seed: 0, iteration: 0));
        var later = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var iteration = 1; iteration <= runs && (later.Count == 0 || budget.Elapsed < WarmBudget); iteration++)
        {
            later.Add(Time(() => ParentSelection.Select(archive, settings, Slots, seed: 0, iteration)));
        }

        later.Sort();
        return (load, new Timing(first, later[later.Count / 2], later.Count));
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static int MaxDepth(IReadOnlyList<ArchiveNode> nodes) => Depths(nodes).Max();

    private static double MeanDepth(IReadOnlyList<ArchiveNode> nodes) => Depths(nodes).Average();

    private static List<int> Depths(IReadOnlyList<ArchiveNode> nodes)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            depth[node.Id] = node.ParentId is { } parent ? depth[parent] + 1 : 0;
        }

        return [.. depth.Values];
    }

    private static string Name(SelectionPolicy policy) => JsonNamingPolicy.SnakeCaseLower.ConvertName(policy.ToString());

    internal static string Format(double milliseconds) => milliseconds switch
    {
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1_000:0.0} s"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms"),
        >= 1 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.00} ms"),
    };

    private readonly record struct Timing(double First, double Median, int Runs);
}
