using Dgm.Core.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Dgm.Functions;

/// <summary>
/// The model gateway for sandboxes in the cloud: POST /api/gateway/v1/chat/completions. Anonymous at the function
/// level because the only accepted credential is a scoped, expiring gateway token.
/// </summary>
public sealed class GatewayApi(ModelGateway gateway)
{
    [Function("Gateway")]
    public async Task<IActionResult> ChatCompletionsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "gateway/v1/chat/completions")] HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var answer = await gateway.HandleAsync(request.Headers.Authorization.FirstOrDefault(), body.ToArray(), request.HttpContext.RequestAborted);
        return new ContentResult { StatusCode = answer.StatusCode, ContentType = "application/json", Content = System.Text.Encoding.UTF8.GetString(answer.Body) };
    }
}
