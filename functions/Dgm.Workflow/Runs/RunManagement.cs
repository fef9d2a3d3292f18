using System.Text;
using System.Text.Json.Nodes;
using Dgm.Core;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Workflow.Orchestrators;
using Microsoft.DurableTask.Client;

namespace Dgm.Workflow.Runs;

/// <summary>What the runs API answers: an HTTP status, a body to send as JSON, and the run it concerns.</summary>
public sealed record ManagementAnswer(int Status, object Body, string? RunId = null)
{
    public static ManagementAnswer Error(int status, string message) => new(status, new { error = message });

    public static ManagementAnswer Problems(RunConfigException ex) =>
        new(400, new { error = ex.Message, problems = ex.Problems.Select(p => new { path = p.Path, message = p.Message }) });
}

/// <summary>
/// Starting, approving and terminating runs as the HTTP API does it, for every host that serves it (the Functions
/// host, <c>dgm serve</c>): request bodies in, answers out, with the durable client of the caller's host.
/// </summary>
public sealed class RunManagement(RunStore runs, RunLifecycle lifecycle, JsonObject defaults, TimeProvider time)
{
    /// <summary>A run configuration laid over the host's defaults: 400 listing every problem, 409 for a taken id, or 202.</summary>
    public async Task<ManagementAnswer> StartAsync(DurableTaskClient client, string body, string? runId, CancellationToken cancellationToken = default)
    {
        RunConfig config;
        try
        {
            config = RunConfigLoader.Load(string.IsNullOrWhiteSpace(body) ? "{}" : body, "the request body", defaults: defaults);
        }
        catch (RunConfigException ex)
        {
            return ManagementAnswer.Problems(ex);
        }

        runId ??= RunLifecycle.NewRunId(time);
        try
        {
            await lifecycle.StartAsync(client, config, runId, cancellationToken: cancellationToken);
        }
        catch (RunConfigException ex)
        {
            return ManagementAnswer.Problems(ex);
        }
        catch (KeyNotFoundException ex)
        {
            return ManagementAnswer.Error(400, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return ManagementAnswer.Error(409, ex.Message);
        }

        return new ManagementAnswer(202, new { runId }, runId);
    }

    /// <summary>{"approved": true|false, "comment": "…"} (approval when empty) for a run waiting at its approval gate.</summary>
    public async Task<ManagementAnswer> ApproveAsync(DurableTaskClient client, string id, string body, CancellationToken cancellationToken = default)
    {
        if (await RunningAsync(client, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        ApprovalDecision decision;
        try
        {
            decision = string.IsNullOrWhiteSpace(body) ? new ApprovalDecision(true, null) : DgmJson.Deserialize<ApprovalDecision>(Encoding.UTF8.GetBytes(body), "the request body");
        }
        catch (InvalidDataException ex)
        {
            return ManagementAnswer.Error(400, ex.Message);
        }

        await client.RaiseEventAsync(id, RunOrchestrator.ApprovalEvent, decision, cancellationToken);
        return new ManagementAnswer(202, new { runId = id, decision }, id);
    }

    /// <summary>
    /// Stops the run's orchestration, deletes the sandbox jobs it had in flight (a terminated orchestration never
    /// reaches its own deletes) and records the run as terminated.
    /// </summary>
    public async Task<ManagementAnswer> TerminateAsync(DurableTaskClient client, string id, CancellationToken cancellationToken = default)
    {
        if (await RunningAsync(client, id, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await lifecycle.TerminateAsync(client, id, "terminated through the API", cancellationToken);
        return new ManagementAnswer(202, new { runId = id, status = RunStatus.Terminated }, id);
    }

    private async Task<ManagementAnswer?> RunningAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        if (await runs.FindRunAsync(id, cancellationToken) is not { } run)
        {
            return ManagementAnswer.Error(404, $"Run '{id}' does not exist.");
        }

        var instance = await client.GetInstanceAsync(id, cancellationToken);
        return run.Status == RunStatus.Running && instance is { IsRunning: true }
            ? null
            : ManagementAnswer.Error(409, instance is null && run.Status == RunStatus.Running
                ? $"Run '{id}' is not running here: its record says running, but this host has no orchestration for it (it may belong to another process)."
                : $"Run '{id}' is not running ({run.Status}).");
    }
}
