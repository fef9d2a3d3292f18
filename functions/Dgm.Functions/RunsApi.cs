using Dgm.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Workflow;
using Dgm.Workflow.Orchestrators;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Dgm.Functions;

/// <summary>Start, inspect, approve and terminate runs. Management endpoints need a function key.</summary>
public sealed class RunsApi(RunStore runs, ISandbox sandbox, BuiltIns builtIns, RunDefaultsDocument defaults, TimeProvider time)
{
    /// <summary>POST /api/runs[?runId=…] with a run configuration: 400 listing every problem, or 202 with the run's links.</summary>
    [Function("StartRun")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var body = await ApiResults.BodyAsync(request);
        RunConfig config;
        try
        {
            config = RunConfigLoader.Load(string.IsNullOrWhiteSpace(body) ? "{}" : body, "the request body", defaults: defaults.Value);
        }
        catch (RunConfigException ex)
        {
            return ApiResults.Problems(ex);
        }

        var runId = request.Query["runId"].FirstOrDefault() ?? $"run-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            var (seed, suite) = await builtIns.PrepareAsync(runs.Artifacts, config, cancellationToken);
            await RunStarter.StartAsync(client, runs, config, runId, seed, suite, time.GetUtcNow(), cancellationToken);
        }
        catch (KeyNotFoundException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ex.Message);
        }

        var links = Links(request, runId);
        request.HttpContext.Response.Headers.Location = links.Status;
        return ApiResults.Json(new { runId, links }, StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/runs/{id}: status, iteration, archive size, best node and score, spend by kind.</summary>
    [Function("GetRun")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await runs.FindRunAsync(id, cancellationToken) is not { } run)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"Run '{id}' does not exist.");
        }

        var ledger = await runs.LedgerAsync(id, cancellationToken);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return ApiResults.Json(new
        {
            runId = run.RunId,
            status = run.Status,
            stopReason = run.StopReason,
            iteration = run.LastCommittedIteration,
            iterations = run.Config.Iterations,
            archiveSize = run.Archive.Count,
            bestNode = run.BestNodeId,
            bestAccuracy = run.BestAccuracy,
            spend = new { total = ledger.Spent, byKind = ledger.SpentByKind, reserved = ledger.ReservedTotal, budget = run.Config.Budget },
            orchestration = instance is null ? null : new { runtimeStatus = instance.RuntimeStatus.ToString(), progress = instance.ReadCustomStatusAs<RunProgress>() },
            links = Links(request, id),
        });
    }

    /// <summary>POST /api/runs/{id}/approve with {"approved": true|false, "comment": "…"}: releases a run waiting at its approval gate.</summary>
    [Function("ApproveRun")]
    public async Task<IActionResult> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/approve")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await RunningAsync(client, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var body = await ApiResults.BodyAsync(request);
        ApprovalDecision decision;
        try
        {
            decision = string.IsNullOrWhiteSpace(body) ? new ApprovalDecision(true, null) : Core.DgmJson.Deserialize<ApprovalDecision>(System.Text.Encoding.UTF8.GetBytes(body), "the request body");
        }
        catch (InvalidDataException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ex.Message);
        }

        await client.RaiseEventAsync(id, RunOrchestrator.ApprovalEvent, decision, cancellationToken);
        return ApiResults.Json(new { runId = id, decision }, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// POST /api/runs/{id}/terminate: stops the run's orchestration, deletes the sandbox jobs it had in flight (a
    /// terminated orchestration never reaches its own deletes) and records the run as terminated.
    /// </summary>
    [Function("TerminateRun")]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await RunningAsync(client, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await client.TerminateInstanceAsync(id, "terminated through the API", cancellationToken);
        await client.WaitForInstanceCompletionAsync(id, cancellationToken);
        foreach (var job in await sandbox.ListAsync(id, cancellationToken))
        {
            await sandbox.DeleteAsync(job, cancellationToken);
        }

        await runs.UpdateRunAsync(id, run => run with { Status = RunStatus.Terminated, StopReason = "terminated through the API", UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return ApiResults.Json(new { runId = id, status = RunStatus.Terminated }, StatusCodes.Status202Accepted);
    }

    private async Task<IActionResult?> RunningAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        if (await runs.FindRunAsync(id, cancellationToken) is not { } run)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"Run '{id}' does not exist.");
        }

        var instance = await client.GetInstanceAsync(id, cancellationToken);
        return run.Status == RunStatus.Running && instance is { IsRunning: true }
            ? null
            : ApiResults.Error(StatusCodes.Status409Conflict, $"Run '{id}' is not running ({run.Status}).");
    }

    private static RunLinks Links(HttpRequest request, string id)
    {
        var root = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(root, $"{root}/approve", $"{root}/terminate");
    }

    private sealed record RunLinks(string Status, string Approve, string Terminate);
}
