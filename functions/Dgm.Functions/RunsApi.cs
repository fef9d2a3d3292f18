using Dgm.Core.Runs;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Dgm.Functions;

/// <summary>Start, inspect, approve and terminate runs. Management endpoints need a function key.</summary>
public sealed class RunsApi(RunStore runs, RunManagement management)
{
    /// <summary>POST /api/runs[?runId=…] with a run configuration: 400 listing every problem, or 202 with the run's links.</summary>
    [Function("StartRun")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var answer = await management.StartAsync(client, await ApiResults.BodyAsync(request), request.Query["runId"].FirstOrDefault(), request.HttpContext.RequestAborted);
        if (answer is not { Status: StatusCodes.Status202Accepted, RunId: { } runId })
        {
            return ApiResults.Json(answer.Body, answer.Status);
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
            archiveSize = await runs.ArchiveSizeAsync(run, cancellationToken),
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
        var answer = await management.ApproveAsync(client, id, await ApiResults.BodyAsync(request), request.HttpContext.RequestAborted);
        return ApiResults.Json(answer.Body, answer.Status);
    }

    /// <summary>
    /// POST /api/runs/{id}/terminate: stops the run's orchestration, deletes the sandbox jobs it had in flight and
    /// records the run as terminated.
    /// </summary>
    [Function("TerminateRun")]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{id}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var answer = await management.TerminateAsync(client, id, request.HttpContext.RequestAborted);
        return ApiResults.Json(answer.Body, answer.Status);
    }

    private static RunLinks Links(HttpRequest request, string id)
    {
        var root = $"{request.Scheme}://{request.Host}/api/runs/{Uri.EscapeDataString(id)}";
        return new RunLinks(root, $"{root}/approve", $"{root}/terminate");
    }

    private sealed record RunLinks(string Status, string Approve, string Terminate);
}
