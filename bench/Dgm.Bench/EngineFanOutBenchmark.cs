using System.Diagnostics;
using System.Globalization;
using Dgm.Local.Engine;
using Microsoft.DurableTask;

namespace Dgm.Bench;

/// <summary>
/// The embedded engine's fan-out: an orchestrator schedules N no-op activities and awaits them all. The package as it
/// comes throttles this to two activities per 500 ms on two cores; the target is 1,000 in under 10 s.
/// Usage: <c>dgm-bench engine [--width N] [--runs R]</c>.
/// </summary>
internal static class EngineFanOutBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var width = Option(args, "--width", 1000);
        var runs = Option(args, "--runs", 5);
        var cold = Stopwatch.StartNew();
        await using var engine = await EmbeddedEngine.StartAsync(
            registry => registry.AddOrchestrator<FanOut>().AddActivity<NoOp>(),
            _ => { });
        var times = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOut), width);
            var done = await engine.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
            watch.Stop();
            if (done.ReadOutputAs<int>() != width)
            {
                await Console.Error.WriteLineAsync($"fan-out returned {done.ReadOutputAs<int>()} of {width}");
                return 1;
            }

            // The first run includes the host's start and JIT; it is reported apart.
            if (run == 0)
            {
                Console.WriteLine($"first {width}-wide fan-out in a fresh process (engine start included): {cold.Elapsed.TotalMilliseconds:0} ms");
            }
            else
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"{width}-wide fan-out of no-op activities, {runs} warm runs: median {median:0} ms (min {times[0]:0}, max {times[^1]:0}); {median / width:0.###} ms per activity");
        return 0;
    }

    internal static int Option(string[] args, string name, int fallback) =>
        Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    internal static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed class FanOut : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int width)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, width).Select(i => context.CallActivityAsync<int>(nameof(NoOp), i)));
            return results.Length;
        }
    }

    private sealed class NoOp : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }
}
