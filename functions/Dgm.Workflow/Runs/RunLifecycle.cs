using Dgm.Benchmarks;
using Dgm.Core.Benchmarks;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Evaluation;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Runs;

/// <summary>
/// What resuming cleaned up before the run continued: the open reservations it settled, how many of them at the
/// gateway's metered usage (the rest used no model), and the run's spend once they were settled.
/// </summary>
public sealed record ResumeReport(int FromIteration, int OrphanedJobsDeleted, int ReservationsSettled, int SettledAtMeteredUsage, Spend Spent);

/// <summary>
/// A run's life as every host drives it: start, resume, continue with more iterations, terminate, and record how an
/// orchestration ended. The orchestration's instance id is the run id, so a run cannot be started twice; run.json is
/// the run's state, and it never says running for a run whose orchestration is gone.
/// </summary>
public sealed class RunLifecycle(RunStore runs, ISandbox sandbox, BuiltIns builtIns, TimeProvider time, ILogger<RunLifecycle> logger)
{
    /// <summary>The one run id format: <c>run-yyyyMMdd-HHmmss-xxxx</c>.</summary>
    public static string NewRunId(TimeProvider time, string prefix = "run") =>
        $"{prefix}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    /// <summary>
    /// Prepares the suite and the seed snapshot (the built-in seed agent unless <paramref name="seedSnapshot"/> names
    /// another), writes run.json and starts the run orchestration. A held-out set the suite cannot give is refused
    /// (<see cref="RunConfigException"/>) before anything is written.
    /// </summary>
    public async Task<RunRecord> StartAsync(DurableTaskClient client, RunConfig config, string runId, string? seedSnapshot = null, CancellationToken cancellationToken = default)
    {
        if (await runs.FindRunAsync(runId, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"Run '{runId}' already exists; resume it or choose another id.");
        }

        var (seed, suite) = await builtIns.PrepareAsync(runs.Artifacts, config, cancellationToken);
        if (config.HeldOut is not null)
        {
            var tasks = (await BenchmarkSuite.LoadAsync(runs.Artifacts, config.Benchmark.Suite, cancellationToken)).Tasks.Select(t => t.Id).ToList();
            if (RunTaskPlan.Problems(tasks, config.Benchmark.Suite, config) is { Count: > 0 } problems)
            {
                throw new RunConfigException($"run '{runId}'", problems);
            }
        }

        var run = new RunRecord { RunId = runId, Config = config, SeedSnapshot = seedSnapshot ?? seed, SuiteManifestSha = suite, CreatedAt = time.GetUtcNow() };
        await runs.CreateRunAsync(run, cancellationToken);
        await ScheduleAsync(client, new RunState(runId, 0, run.CreatedAt), cancellationToken);
        logger.LogInformation("Started run {RunId}: {Iterations} iterations on suite {Suite}", runId, config.Iterations, config.Benchmark.Suite);
        return run;
    }

    /// <summary>
    /// Continues a run that did not end by itself (its process died, or its orchestration failed): deletes the sandbox
    /// jobs it left behind, settles their open budget reservations, and restarts the orchestration after the last
    /// committed iteration. Children of the interrupted iteration that were already recorded are reused, never run twice.
    /// </summary>
    public async Task<ResumeReport> ResumeAsync(DurableTaskClient client, string runId, CancellationToken cancellationToken = default)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (run.Status is not (RunStatus.Running or RunStatus.Failed))
        {
            throw new InvalidOperationException($"Run '{runId}' already ended ({run.Status}: {run.StopReason}); there is nothing to resume.");
        }

        if (await client.GetInstanceAsync(runId, cancellationToken) is { IsRunning: true })
        {
            throw new InvalidOperationException($"Run '{runId}' is running; there is nothing to resume.");
        }

        var orphans = await DeleteJobsAsync(runId, cancellationToken);
        var charges = await OrphanChargesAsync(run, cancellationToken);
        var spent = await runs.UpdateLedgerAsync(runId, ledger =>
        {
            foreach (var (reservation, charge) in charges)
            {
                ledger.Settle(reservation, charge);
            }

            return ledger.State.Spent;
        }, cancellationToken);
        var metered = charges.Values.Count(c => c.ContainsKey(SpendKind.OrphanedMetered));
        run = await runs.UpdateRunAsync(runId, r => r with { Status = RunStatus.Running, StopReason = null, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        var next = run.LastCommittedIteration + 1;
        await ScheduleAsync(client, new RunState(runId, next, run.CreatedAt, Carried(run, next, spent, "resumed")), cancellationToken);
        logger.LogInformation(
            "Resumed run {RunId} at iteration {Iteration}: {Orphans} orphaned jobs deleted, {Reservations} reservations settled ({Metered} at the gateway's metered usage, the rest used no model; sandbox seconds at their reservation, as nothing measured them), spent {Spent}",
            runId, next, orphans, charges.Count, metered, spent);
        return new ResumeReport(next, orphans, charges.Count, metered, spent);
    }

    /// <summary>What each open reservation of the run is settled at: see <see cref="CostModel.OrphanCharge"/>.</summary>
    private async Task<Dictionary<string, IReadOnlyDictionary<string, Spend>>> OrphanChargesAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var costs = new CostModel(run.Config);
        var charges = new Dictionary<string, IReadOnlyDictionary<string, Spend>>();
        foreach (var (reservation, reserved) in (await runs.LedgerAsync(run.RunId, cancellationToken)).Reserved)
        {
            // A reservation's id is the job id its model usage is metered under (a sandbox launch or a diagnosis).
            var usage = await MeteredChatClient.FindUsageAsync(runs.Artifacts, run.RunId, reservation, cancellationToken);
            charges[reservation] = costs.OrphanCharge(reserved, usage);
        }

        return charges;
    }

    /// <summary>Gives a completed run more iterations and continues it; false when another caller extended it first.</summary>
    public async Task<bool> ExtendAsync(DurableTaskClient client, string runId, int moreIterations, CancellationToken cancellationToken = default)
    {
        var extended = false;
        var run = await runs.UpdateRunAsync(runId, current =>
        {
            extended = current.Status == RunStatus.Completed;
            return extended
                ? current with { Status = RunStatus.Running, StopReason = null, Config = current.Config with { Iterations = current.Config.Iterations + moreIterations }, UpdatedAt = time.GetUtcNow() }
                : current;
        }, cancellationToken);
        if (extended)
        {
            var next = run.LastCommittedIteration + 1;
            var spent = (await runs.LedgerAsync(runId, cancellationToken)).Spent;
            await ScheduleAsync(client, new RunState(runId, next, run.CreatedAt, Carried(run, next, spent, "extended")), cancellationToken);
            logger.LogInformation("Extended run {RunId} to {Iterations} iterations", runId, run.Config.Iterations);
        }

        return extended;
    }

    /// <summary>
    /// Stops the run's orchestration, deletes the sandbox jobs it had in flight (a terminated orchestration never
    /// reaches its own deletes) and records the run as terminated.
    /// </summary>
    public async Task TerminateAsync(DurableTaskClient client, string runId, string reason, CancellationToken cancellationToken = default)
    {
        await client.TerminateInstanceAsync(runId, reason, cancellationToken);
        await client.WaitForInstanceCompletionAsync(runId, cancellationToken);
        await DeleteJobsAsync(runId, cancellationToken);
        await RecordEndAsync(runId, RunStatus.Terminated, reason, cancellationToken);
    }

    /// <summary>
    /// Records how a run's orchestration ended when it could not say so itself (it was terminated, or failed outside
    /// its own error handling); a run already recorded as ended keeps its record.
    /// </summary>
    public async Task<RunRecord> RecordEndAsync(string runId, RunStatus status, string reason, CancellationToken cancellationToken = default)
    {
        var run = await runs.UpdateRunAsync(runId, r => r.Status != RunStatus.Running ? r : r with { Status = status, StopReason = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        logger.LogInformation("Run {RunId} ended: {Status} ({Reason})", runId, run.Status, run.StopReason);
        return run;
    }

    /// <summary>Deletes every sandbox job of the run that still exists (left by a dead process or a terminated orchestration).</summary>
    public async Task<int> DeleteJobsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var jobs = await sandbox.ListAsync(runId, cancellationToken);
        foreach (var job in jobs)
        {
            await sandbox.DeleteAsync(job, cancellationToken);
        }

        return jobs.Count;
    }

    /// <summary>The live line repeats the figures the run state carries; a continued run carries its spend so far, not zero.</summary>
    private static RunProgress Carried(RunRecord run, int iteration, Spend spent, string phase) =>
        new(iteration, 0, run.BestNodeId, run.BestAccuracy, spent.Dollars, spent.Tokens, phase);

    private static Task<string> ScheduleAsync(DurableTaskClient client, RunState state, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(RunOrchestrator), state, new StartOrchestrationOptions { InstanceId = state.RunId }, cancellationToken);
}
