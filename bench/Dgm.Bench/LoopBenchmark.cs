using System.Diagnostics;
using System.Globalization;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Testing;

namespace Dgm.Bench;

/// <summary>
/// The two loops on the same work, one after the other in one process: whole runs of the real workflow on the embedded
/// engine over the scripted sandbox (jobs end after scripted polls of 0.1 s; no agent or model runs), where one child of
/// every generation self-modifies for <c>--slow-seconds</c> — the generations loop's slot-0 child, and the steady
/// loop's child at the same place in start order. Prints each loop's wall time, children per minute, and the
/// workflow's own time around each one-poll job (start to delete). Usage:
/// <c>dgm-bench loop [--generations G] [--children C] [--in-flight N] [--slow-seconds S]</c>; with
/// <c>--children 250 --generations 2 --in-flight 500</c>, the steady loop keeps 500 children in flight.
/// </summary>
internal static class LoopBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var generations = EngineFanOutBenchmark.Option(args, "--generations", 6);
        var children = EngineFanOutBenchmark.Option(args, "--children", 2);
        var inFlight = EngineFanOutBenchmark.Option(args, "--in-flight", children);
        var slowSeconds = EngineFanOutBenchmark.Option(args, "--slow-seconds", 5);
        Console.WriteLine($"{generations} generation(s) × {children} children, one child per generation self-modifying for {slowSeconds} s; steady: {inFlight} in flight (scripted sandbox, no AI)");
        Console.WriteLine("| loop | children | wall time | children per minute | job start to delete, median / p90 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var loop in new[] { LoopKind.Generations, LoopKind.Steady })
        {
            await using var host = await WorkflowHost.StartAsync();
            for (var g = 1; g <= generations; g++)
            {
                var slow = loop == LoopKind.Generations ? ChildPlan.IdFor(g, 0) : ChildPlan.SteadyIdFor(((g - 1) * children) + 1);
                host.Sandbox.PollsUntilExit[$"{slow}-selfmodify"] = slowSeconds * 10;
            }

            var config = WorkflowHost.Config(generations, children) with { Loop = loop, MaxChildrenInFlight = loop == LoopKind.Steady ? inFlight : null };
            // Every job reserves at least 400,000 tokens while it runs: hundreds at once need more than the default budget.
            config = config with { Budget = config.Budget with { Tokens = 1_000_000_000_000, Dollars = 1_000_000 } };
            var watch = Stopwatch.StartNew();
            await host.Lifecycle.StartAsync(host.Client, config, "bench");
            var run = await host.WaitAsync("bench", TimeSpan.FromHours(1));
            watch.Stop();
            if (run.Status != RunStatus.Completed)
            {
                await Console.Error.WriteLineAsync($"{loop}: the run ended {run.Status}: {run.StopReason}");
                return 1;
            }

            var spans = host.Sandbox.Lifetimes
                .Where(job => !host.Sandbox.PollsUntilExit.ContainsKey(job.Key) && job.Value.Deleted is not null)
                .Select(job => (job.Value.Deleted!.Value - job.Value.Started).TotalMilliseconds)
                .Order()
                .ToList();
            var total = generations * children;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {loop.ToString().ToLowerInvariant()} | {total} | {watch.Elapsed.TotalSeconds:0.0} s | {total / watch.Elapsed.TotalMinutes:0.0} | {spans[spans.Count / 2]:0} ms / {spans[spans.Count * 9 / 10]:0} ms |"));
        }

        return 0;
    }
}
