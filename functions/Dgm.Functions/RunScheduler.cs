using System.Globalization;
using System.Text.Json.Nodes;
using Dgm.Core;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask.Client;

namespace Dgm.Functions;

public enum ScheduleMode
{
    /// <summary>Each period starts a fresh run named after the entry and the period.</summary>
    Start,

    /// <summary>One run named after the entry: started once, then given more iterations each time it completes.</summary>
    Continue,
}

/// <summary><c>schedules/{name}.json</c>: a run configuration and how the timer treats it.</summary>
public sealed record ScheduleEntry
{
    public required string Name { get; init; }

    public JsonObject Config { get; init; } = [];

    public ScheduleMode Mode { get; init; } = ScheduleMode.Start;

    public int IntervalMinutes { get; init; } = 24 * 60;

    /// <summary>Continue mode: iterations added to a completed run per period.</summary>
    public int IterationsPerPeriod { get; init; } = 10;

    public bool Enabled { get; init; } = true;
}

/// <summary>What one tick did with one entry.</summary>
public sealed record ScheduleOutcome(string Entry, string RunId, string Action);

/// <summary>
/// The timer's work, one entry at a time. Every entry maps to exactly one instance id per period (start mode) or
/// forever (continue mode), and run.json is created or extended with a version check, so an overlapping tick that
/// races this one loses and starts nothing.
/// </summary>
public sealed class RunScheduler(RunStore runs, RunLifecycle lifecycle, RunDefaultsDocument defaults)
{
    public async Task<IReadOnlyList<ScheduleOutcome>> TickAsync(DurableTaskClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<ScheduleOutcome>();
        await foreach (var key in runs.Artifacts.ListAsync(ArtifactKeys.SchedulesPrefix, cancellationToken))
        {
            var stored = await runs.Artifacts.GetAsync(key, cancellationToken);
            ScheduleEntry entry;
            try
            {
                entry = DgmJson.Deserialize<ScheduleEntry>(stored!.Content, key);
            }
            catch (InvalidDataException ex)
            {
                outcomes.Add(new ScheduleOutcome(key, "", $"skipped: {ex.Message}"));
                continue;
            }

            if (entry.Enabled)
            {
                outcomes.Add(await TickAsync(client, entry, now, cancellationToken));
            }
        }

        return outcomes;
    }

    private async Task<ScheduleOutcome> TickAsync(DurableTaskClient client, ScheduleEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runId = entry.Mode == ScheduleMode.Continue ? entry.Name : $"{entry.Name}-{Period(now, entry.IntervalMinutes):yyyyMMdd-HHmm}";
        var instance = await client.GetInstanceAsync(runId, cancellationToken);
        if (instance is { IsRunning: true } or { RuntimeStatus: OrchestrationRuntimeStatus.Pending })
        {
            return new ScheduleOutcome(entry.Name, runId, "already running");
        }

        var existing = await runs.FindRunAsync(runId, cancellationToken);
        if (existing is null)
        {
            return await StartAsync(client, entry, runId, cancellationToken);
        }

        if (existing.Status == RunStatus.Running)
        {
            // Read again: another tick may have just continued it (run.json is written before the orchestration starts).
            instance = await client.GetInstanceAsync(runId, cancellationToken);
            if (instance is not { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
            {
                return new ScheduleOutcome(entry.Name, runId, "already running");
            }

            // Its orchestration failed or was stopped without recording the run's end.
            existing = await lifecycle.RecordEndAsync(runId, RunStatus.Failed, instance.FailureDetails?.ErrorMessage ?? $"its orchestration was {instance.RuntimeStatus}", cancellationToken);
        }

        if (entry.Mode == ScheduleMode.Start)
        {
            return new ScheduleOutcome(entry.Name, runId, $"left alone: {existing.Status}");
        }

        switch (existing.Status)
        {
            case RunStatus.Completed:
                // Only the tick whose versioned update lands schedules the new iterations.
                return await lifecycle.ExtendAsync(client, runId, entry.IterationsPerPeriod, cancellationToken)
                    ? new ScheduleOutcome(entry.Name, runId, $"continued to {existing.Config.Iterations + entry.IterationsPerPeriod} iterations")
                    : new ScheduleOutcome(entry.Name, runId, "extended by another tick");
            case RunStatus.Failed:
                var resumed = await lifecycle.ResumeAsync(client, runId, cancellationToken);
                return new ScheduleOutcome(entry.Name, runId, $"resumed after a failure at iteration {resumed.FromIteration}");
            default:
                return new ScheduleOutcome(entry.Name, runId, $"left alone: {existing.Status}");
        }
    }

    private async Task<ScheduleOutcome> StartAsync(DurableTaskClient client, ScheduleEntry entry, string runId, CancellationToken cancellationToken)
    {
        RunConfig config;
        try
        {
            config = RunConfigLoader.Load(entry.Config.ToJsonString(), $"schedules/{entry.Name}.json config", defaults: defaults.Value);
        }
        catch (RunConfigException ex)
        {
            return new ScheduleOutcome(entry.Name, runId, $"skipped: {ex.Message}");
        }

        try
        {
            await lifecycle.StartAsync(client, config, runId, cancellationToken: cancellationToken);
            return new ScheduleOutcome(entry.Name, runId, "started");
        }
        catch (Exception ex) when (ex is ArtifactVersionConflictException or InvalidOperationException)
        {
            // Another tick created this period's run between our check and our write.
            return new ScheduleOutcome(entry.Name, runId, "started by another tick");
        }
    }

    private static DateTimeOffset Period(DateTimeOffset now, int minutes)
    {
        var ticks = TimeSpan.FromMinutes(minutes).Ticks;
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % ticks, TimeSpan.Zero);
    }
}
