using System.Globalization;
using Dgm.Core;
using Dgm.Core.Archives;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Local.Benchmarks;
using Dgm.Workflow;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Dgm.Local.Hosting;

/// <summary>Where the built-in agent and suite come from: the seed agent's source and the starter suite folder.</summary>
public sealed record BuiltIns(string SeedAgentDirectory, string StarterSuiteDirectory)
{
    /// <summary>The copies the dgm command ships next to its binaries.</summary>
    public static BuiltIns NextToBinaries() =>
        new(Path.Combine(AppContext.BaseDirectory, "seed-agent"), Path.Combine(AppContext.BaseDirectory, "benchmarks", "starter"));
}

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
        if (await dgm.Runs.FindRunAsync(runId, cancellationToken) is not null)
        {
            throw new InvalidOperationException($"Run '{runId}' already exists; resume it with `dgm resume {runId}` or choose another id.");
        }

        var suite = await EnsureSuiteAsync(config.Benchmark.Suite, cancellationToken);
        var seed = seedSnapshot ?? await SnapshotAsync(builtIns.SeedAgentDirectory, cancellationToken);
        var run = new RunRecord
        {
            RunId = runId,
            Config = config,
            SeedSnapshot = seed,
            SuiteManifestSha = suite,
            CreatedAt = time.GetUtcNow(),
        };
        await dgm.Runs.CreateRunAsync(run, cancellationToken);
        await ScheduleAsync(new RunState(runId, 0, run.CreatedAt), cancellationToken);
        return run;
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
        await ScheduleAsync(new RunState(runId, next, run.CreatedAt), cancellationToken);
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

    /// <summary>Packs an agent's source (without build output) as a content-addressed snapshot.</summary>
    public async Task<string> SnapshotAsync(string agentDirectory, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(agentDirectory, "DgmAgent.csproj")))
        {
            throw new DirectoryNotFoundException($"{agentDirectory} is not an agent source folder (no DgmAgent.csproj).");
        }

        var snapshot = TarGz.PackDirectory(agentDirectory, path => path.Split('/')[0] is "bin" or "obj" or ".git");
        return (await dgm.Store.PutAsync(ArtifactKeys.Snapshot(ContentHash.Of(snapshot)), snapshot, cancellationToken)).Sha256;
    }

    /// <summary>The starter suite is (re)imported from the shipped folder; any other suite must have been imported already.</summary>
    private async Task<string> EnsureSuiteAsync(string suite, CancellationToken cancellationToken)
    {
        if (suite == "starter")
        {
            var imported = FolderSuiteReader.Read(builtIns.StarterSuiteDirectory);
            if (imported.Problems.Count > 0)
            {
                throw new InvalidDataException($"The starter suite at {builtIns.StarterSuiteDirectory} has problems:{Environment.NewLine}{string.Join(Environment.NewLine, imported.Problems)}");
            }

            await SuiteStore.WriteAsync(dgm.Store, imported, cancellationToken);
        }

        var manifest = await dgm.Store.GetAsync(SuiteLayout.Manifest(suite), cancellationToken)
            ?? throw new KeyNotFoundException($"Benchmark suite '{suite}' is not imported; run `dgm bench import` first.");
        return manifest.Sha256;
    }

    private Task<string> ScheduleAsync(RunState state, CancellationToken cancellationToken) =>
        dgm.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RunOrchestrator), state, new StartOrchestrationOptions { InstanceId = state.RunId }, cancellationToken);
}
