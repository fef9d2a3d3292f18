using Dgm.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow;
using Microsoft.DurableTask.Client;

namespace Dgm.Local.Hosting;

/// <summary>What resuming cleaned up before the run continued.</summary>
public sealed record ResumeReport(int FromIteration, int OrphanedJobsDeleted, int ReservationsCharged);

/// <summary>Starts, resumes and follows runs on a <see cref="LocalDgm"/>.</summary>
public sealed class RunLauncher(LocalDgm dgm, BuiltIns builtIns, TimeProvider time)
{
    public static string NewRunId(TimeProvider time) =>
        $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    /// <summary>
    /// Prepares the suite and the seed snapshot (the built-in seed agent unless <paramref name="seedSnapshot"/> names
    /// another), writes run.json and starts the run orchestration.
    /// </summary>
    public async Task<RunRecord> StartAsync(RunConfig config, string runId, string? seedSnapshot = null, CancellationToken cancellationToken = default)
    {
        var (seed, suite) = await builtIns.PrepareAsync(dgm.Store, config, cancellationToken);
        return await RunStarter.StartAsync(dgm.Client, dgm.Runs, config, runId, seedSnapshot ?? seed, suite, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Continues a run whose process died: deletes the sandbox jobs it left behind, charges their open budget
    /// reservations in full, and restarts the orchestration after the last committed iteration. Children of the
    /// interrupted iteration that were already recorded are reused, never run twice.
    /// </summary>
    public async Task<ResumeReport> ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var run = await dgm.Runs.GetRunAsync(runId, cancellationToken);
        if (run.Status != RunStatus.Running)
        {
            throw new InvalidOperationException($"Run '{runId}' already ended ({run.Status}: {run.StopReason}); there is nothing to resume.");
        }

        var orphans = await dgm.Sandbox.ListAsync(runId, cancellationToken);
        foreach (var orphan in orphans)
        {
            await dgm.Sandbox.DeleteAsync(orphan, cancellationToken);
        }

        var charged = await dgm.Runs.UpdateLedgerAsync(runId, ledger =>
        {
            var open = ledger.State.Reserved.Count;
            ledger.ChargeOpenReservations("orphaned");
            return open;
        }, cancellationToken);
        var next = run.LastCommittedIteration + 1;
        await RunStarter.ScheduleAsync(dgm.Client, new RunState(runId, next, run.CreatedAt), cancellationToken);
        return new ResumeReport(next, orphans.Count, charged);
    }

    /// <summary>Follows a run until it ends, reporting progress; returns its outcome.</summary>
    public async Task<RunOutcome> WaitAsync(string runId, Action<RunProgress>? progress, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var instance = await dgm.Client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Run '{runId}' is not running in this process.");
            if (instance.ReadCustomStatusAs<RunProgress>() is { } current)
            {
                progress?.Invoke(current);
            }

            switch (instance.RuntimeStatus)
            {
                case OrchestrationRuntimeStatus.Completed:
                    return instance.ReadOutputAs<RunOutcome>()!;
                case OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated:
                    var reason = instance.FailureDetails?.ErrorMessage ?? instance.RuntimeStatus.ToString();
                    var status = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? RunStatus.Failed : RunStatus.Terminated;
                    await dgm.Runs.UpdateRunAsync(runId, r => r with { Status = status, StopReason = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
                    return new RunOutcome(status, reason, (await dgm.Runs.GetRunAsync(runId, cancellationToken)).LastCommittedIteration);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
    }

}
