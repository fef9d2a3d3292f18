using System.Text.Json;
using Dgm.Core.Models;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Dgm.Core.Gateway;

/// <summary>An HTTP answer of the gateway, independent of the web host that sends it.</summary>
public sealed record GatewayResponse(int StatusCode, byte[] Body);

/// <summary>
/// The request handling of <c>POST /v1/chat/completions</c>, shared by the local Kestrel gateway and the Azure
/// function: authenticate the scoped token, parse the OpenAI request, forward through the metered client of the
/// token's purpose, answer in the OpenAI format. Failures are OpenAI-style error bodies.
/// </summary>
public sealed class ModelGateway(
    GatewayTokens tokens, Func<ModelCallScope, CancellationToken, Task<IChatClient?>> clientFor, TimeProvider time, ILogger<ModelGateway> logger)
{
    /// <summary>Purposes a sandbox may hold a token for; diagnosis never leaves the orchestrator's process.</summary>
    private static readonly HashSet<string> SandboxPurposes = [ModelPurpose.Solve, ModelPurpose.SelfModify];

    public async Task<GatewayResponse> HandleAsync(string? authorization, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        GatewayGrant grant;
        try
        {
            grant = tokens.Validate(Bearer(authorization), time.GetUtcNow());
        }
        catch (GatewayAuthException ex)
        {
            logger.LogWarning("Gateway refused a call without a valid token: {Code}", ex.Code);
            return Error(401, ex.Message, "invalid_request_error", ex.Code);
        }

        var scope = grant.Scope;
        var client = SandboxPurposes.Contains(scope.Purpose) ? await clientFor(scope, cancellationToken) : null;
        if (client is null)
        {
            logger.LogWarning("Gateway refused a {Purpose} call for run {RunId}: not served here", scope.Purpose, scope.RunId);
            return Error(401, $"The token's scope ({scope.Purpose} for run {scope.RunId}) is not served by this gateway.", "invalid_request_error", "out_of_scope");
        }

        OpenAIWire.Request request;
        try
        {
            request = OpenAIWire.ParseRequest(body.Span);
        }
        catch (RequestParameterException ex)
        {
            logger.LogWarning("Gateway refused a {Purpose} call of job {JobId}: parameter {Parameter}: {Reason}", scope.Purpose, scope.JobId, ex.Parameter, ex.Message);
            return new GatewayResponse(400, OpenAIWire.ErrorJson(ex.Message, "invalid_request_error", ex.Code, ex.Parameter));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException)
        {
            return Error(400, ex.Message, "invalid_request_error", "invalid_request");
        }

        try
        {
            var response = await client.GetResponseAsync(request.Messages, scope.ApplyTo(request.Options), cancellationToken);
            logger.LogInformation(
                "Model call for {Purpose} job {JobId} of run {RunId} node {NodeId}: {InputTokens} in, {OutputTokens} out, finish {FinishReason}",
                scope.Purpose, scope.JobId, scope.RunId, scope.NodeId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, response.FinishReason);
            return new GatewayResponse(200, JsonSerializer.SerializeToUtf8Bytes(OpenAIWire.ResponseJson(response, request.Model), DgmJson.Compact));
        }
        catch (TokenBudgetExceededException ex)
        {
            logger.LogWarning("Token budget refused a {Purpose} call of job {JobId} in run {RunId}: {Reason}", scope.Purpose, scope.JobId, scope.RunId, ex.Message);
            return Error(429, ex.Message, "insufficient_quota", "token_budget_exceeded");
        }
        catch (ContextLengthExceededException ex)
        {
            logger.LogWarning("Context length exceeded in {Purpose} job {JobId} of run {RunId}: {Reason}", scope.Purpose, scope.JobId, scope.RunId, ex.Message);
            return Error(400, ex.Message, "invalid_request_error", "context_length_exceeded");
        }
        catch (ModelRequestRejectedException ex)
        {
            logger.LogError("The model rejected a {Purpose} call of job {JobId} in run {RunId}: {Reason}", scope.Purpose, scope.JobId, scope.RunId, ex.Message);
            return Error(400, ex.Message, "invalid_request_error", "model_rejected_request");
        }
        catch (ModelUnavailableException ex)
        {
            logger.LogError("Model unavailable for {Purpose} job {JobId} of run {RunId}: {Reason}", scope.Purpose, scope.JobId, scope.RunId, ex.Message);
            return Error(502, ex.Message, "api_error", "upstream_error");
        }
    }

    private static string Bearer(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : throw new GatewayAuthException("missing_token", "An 'Authorization: Bearer <token>' header is required.");

    private static GatewayResponse Error(int status, string message, string type, string code) => new(status, OpenAIWire.ErrorJson(message, type, code));
}
