using System.Globalization;
using Dgm.Core;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow;
using Dgm.Workflow.Orchestrators;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Dgm.Functions;

/// <summary>What a burst evaluation is asked for: agents of a run (named, or the archive's top-k), on a suite, within caps.</summary>
public sealed record EvaluationRequest
{
    public required string Run { get; init; }

    /// <summary>Node ids to evaluate; when empty, the archive's best <see cref="TopK"/>.</summary>
    public IReadOnlyList<string> Agents { get; init; } = [];

    public int TopK { get; init; } = 1;

    public string? Suite { get; init; }

    public int Attempts { get; init; } = 1;

    /// <summary>Sandboxes at once.</summary>
    public int MaxParallel { get; init; } = 8;

    /// <summary>No launch that would take the evaluation's spend past this many dollars.</summary>
    public required decimal DollarCap { get; init; }
}

/// <summary>Cost-bounded burst evaluations: start one, and read what it evaluated and what the cap left out.</summary>
public sealed class EvaluationsApi(RunStore runs, TimeProvider time)
{
    [Function("StartEvaluation")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "evaluations")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        EvaluationRequest ask;
        try
        {
            ask = DgmJson.Deserialize<EvaluationRequest>(System.Text.Encoding.UTF8.GetBytes(await ApiResults.BodyAsync(request)), "the request body");
        }
        catch (InvalidDataException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ex.Message);
        }

        if (await runs.FindRunAsync(ask.Run, cancellationToken) is not { } source)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"Run '{ask.Run}' does not exist.");
        }

        var archive = await runs.ArchiveAsync(ask.Run, cancellationToken);
        var agents = ask.Agents.Count > 0
            ? ask.Agents.Where(archive.Contains).Select(archive.Get).ToList()
            : archive.Nodes.OrderByDescending(n => n.Accuracy).Take(ask.TopK).ToList();
        var unknown = ask.Agents.Where(a => !archive.Contains(a)).ToList();
        if (unknown.Count > 0 || agents.Count == 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, unknown.Count > 0 ? $"Not in the archive of {ask.Run}: {string.Join(", ", unknown)}." : $"The archive of {ask.Run} is empty.");
        }

        RunConfig config;
        try
        {
            config = RunConfigLoader.Load(RunConfigLoader.ToJson(source.Config), $"evaluation of {ask.Run}",
            [
                new("iterations", "0"),
                new("stages", "[{\"tasks\": 1000000}]"),
                new("attempts", ask.Attempts.ToString(CultureInfo.InvariantCulture)),
                new("maxParallelJobs", ask.MaxParallel.ToString(CultureInfo.InvariantCulture)),
                new("budget.dollars", ask.DollarCap.ToString(CultureInfo.InvariantCulture)),
                new("benchmark.suite", ask.Suite ?? source.Config.Benchmark.Suite),
            ]);
        }
        catch (RunConfigException ex)
        {
            return ApiResults.Problems(ex);
        }

        var suite = await runs.Artifacts.GetAsync(Core.Benchmarks.SuiteLayout.Manifest(config.Benchmark.Suite), cancellationToken);
        if (suite is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"Benchmark suite '{config.Benchmark.Suite}' is not imported.");
        }

        var id = $"burst-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
        await runs.CreateRunAsync(new RunRecord { RunId = id, Config = config, SeedSnapshot = source.SeedSnapshot, SuiteManifestSha = suite.Sha256, CreatedAt = time.GetUtcNow() }, cancellationToken);
        var input = new BurstInput(id, agents.Select(a => new BurstAgent(a.Id, a.SnapshotHash!)).ToList(), config.Sandbox.PollSeconds);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(BurstEvaluationOrchestrator), input, new StartOrchestrationOptions { InstanceId = id }, cancellationToken);
        var status = $"{request.Scheme}://{request.Host}/api/evaluations/{id}";
        request.HttpContext.Response.Headers.Location = status;
        return ApiResults.Json(new { evaluationId = id, agents = agents.Select(a => a.Id), status }, StatusCodes.Status202Accepted);
    }

    [Function("GetEvaluation")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "evaluations/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null || await runs.FindRunAsync(id, cancellationToken) is not { } run)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"Evaluation '{id}' does not exist.");
        }

        var ledger = await runs.LedgerAsync(id, cancellationToken);
        return ApiResults.Json(new
        {
            evaluationId = id,
            runtimeStatus = instance.RuntimeStatus.ToString(),
            progress = instance.ReadCustomStatusAs<string>(),
            report = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<BurstReport>() : null,
            spent = ledger.Spent,
            dollarCap = run.Config.Budget.Dollars,
        });
    }
}
