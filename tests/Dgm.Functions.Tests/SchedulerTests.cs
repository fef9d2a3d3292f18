using System.Text;
using Dgm.Benchmarks;
using Dgm.Core.Benchmarks;
using Dgm.Core.Runs;
using Dgm.Testing;

namespace Dgm.Functions.Tests;

public sealed class SchedulerTests(FunctionsHost host) : IClassFixture<FunctionsHost>
{
    private RunScheduler Scheduler => new(host.Dgm.Runs, host.Dgm.Lifecycle, host.Defaults);

    private Task WriteEntryAsync(string name, string json) =>
        host.Dgm.Store.PutAsync($"schedules/{name}.json", Encoding.UTF8.GetBytes(json));

    [Fact]
    public async Task Two_overlapping_ticks_start_one_run_per_period()
    {
        await WriteEntryAsync("nightly", """{"name":"nightly","mode":"start","intervalMinutes":1440,"config":{}}""");
        var now = new DateTimeOffset(2026, 11, 27, 3, 14, 0, TimeSpan.Zero);

        var ticks = await Task.WhenAll(Scheduler.TickAsync(host.Dgm.Client, now), Scheduler.TickAsync(host.Dgm.Client, now.AddMinutes(1)));

        var actions = ticks.SelectMany(t => t).Where(o => o.Entry == "nightly").ToList();
        Assert.All(actions, a => Assert.Equal("nightly-20261127-0000", a.RunId));
        Assert.Single(actions, a => a.Action == "started");
        Assert.Single(actions, a => a.Action is "started by another tick" or "already running");
        await host.WaitAsync("nightly-20261127-0000");
        Assert.Equal(RunStatus.Completed, (await host.Dgm.Runs.GetRunAsync("nightly-20261127-0000")).Status);

        // The same period again: left alone. The next period: a new run.
        Assert.Equal("left alone: Completed", (await Scheduler.TickAsync(host.Dgm.Client, now.AddHours(2))).Single(o => o.Entry == "nightly").Action);
        var next = (await Scheduler.TickAsync(host.Dgm.Client, now.AddDays(1))).Single(o => o.Entry == "nightly");
        Assert.Equal(("nightly-20261128-0000", "started"), (next.RunId, next.Action));
        await host.WaitAsync(next.RunId);
        await host.Dgm.Store.DeleteAsync("schedules/nightly.json");
    }

    [Fact]
    public async Task A_continued_entry_is_extended_once_by_overlapping_ticks()
    {
        await WriteEntryAsync("grow", """{"name":"grow","mode":"continue","iterationsPerPeriod":1,"config":{"childrenPerIteration":1}}""");
        var now = DateTimeOffset.UtcNow;
        Assert.Equal("started", (await Scheduler.TickAsync(host.Dgm.Client, now)).Single(o => o.Entry == "grow").Action);
        Assert.Equal("already running", (await Scheduler.TickAsync(host.Dgm.Client, now)).Single(o => o.Entry == "grow").Action);
        await host.WaitAsync("grow");

        var ticks = await Task.WhenAll(Scheduler.TickAsync(host.Dgm.Client, now), Scheduler.TickAsync(host.Dgm.Client, now));
        var actions = ticks.SelectMany(t => t).Where(o => o.Entry == "grow").Select(o => o.Action).ToList();
        Assert.Single(actions, a => a == "continued to 1 iterations");
        Assert.Single(actions, a => a is "extended by another tick" or "already running");
        await host.WaitAsync("grow");

        var run = await host.Dgm.Runs.GetRunAsync("grow");
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, run.LastCommittedIteration);
        Assert.NotNull(await host.Dgm.Runs.FindNodeAsync("grow", "i1-c0"));
        await host.Dgm.Store.DeleteAsync("schedules/grow.json");
    }

    [Fact]
    public async Task A_continued_entry_whose_run_failed_is_resumed_by_the_next_tick()
    {
        // A suite of its own, one of whose tasks vanishes once the run has started: planning the seed's evaluation fails.
        var suite = StarterSubset.Write(host.DataDirectory, "fragile", "py-lru-cache");
        await SuiteStore.WriteAsync(host.Dgm.Store, FolderSuiteReader.Read(suite));
        await WriteEntryAsync("fragile", """{"name":"fragile","mode":"continue","config":{"benchmark":{"suite":"fragile"},"stages":[{"tasks":1}]}}""");
        var taskKey = SuiteLayout.Task("fragile", "py-lru-cache");
        var task = (await host.Dgm.Store.GetAsync(taskKey))!.Content;

        Assert.Equal("started", (await Scheduler.TickAsync(host.Dgm.Client, DateTimeOffset.UtcNow)).Single(o => o.Entry == "fragile").Action);
        await host.Dgm.Store.DeleteAsync(taskKey);
        await host.WaitAsync("fragile");
        var failed = await host.Dgm.Runs.GetRunAsync("fragile");
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("py-lru-cache", failed.StopReason, StringComparison.Ordinal);

        await host.Dgm.Store.PutAsync(taskKey, task);
        Assert.Equal("resumed after a failure at iteration 0", (await Scheduler.TickAsync(host.Dgm.Client, DateTimeOffset.UtcNow)).Single(o => o.Entry == "fragile").Action);
        await host.WaitAsync("fragile");
        Assert.Equal(RunStatus.Completed, (await host.Dgm.Runs.GetRunAsync("fragile")).Status);
        await host.Dgm.Store.DeleteAsync("schedules/fragile.json");
    }

    [Fact]
    public async Task A_malformed_entry_is_reported_and_skipped()
    {
        await WriteEntryAsync("broken", """{"name":"broken","mode":"sometimes"}""");
        var outcome = (await Scheduler.TickAsync(host.Dgm.Client, DateTimeOffset.UtcNow)).Single(o => o.Entry == "schedules/broken.json");
        Assert.StartsWith("skipped: schedules/broken.json:", outcome.Action, StringComparison.Ordinal);
        await host.Dgm.Store.DeleteAsync("schedules/broken.json");
    }
}
