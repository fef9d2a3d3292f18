using System.Text.Json;
using Dgm.Core;
using Dgm.Core.Configuration;
using Dgm.Workflow.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Dgm.Functions;

/// <summary>JSON answers in the product's dialect, and the 400 that lists every configuration problem.</summary>
internal static class ApiResults
{
    public static ContentResult Json(object value, int status = StatusCodes.Status200OK) =>
        new() { StatusCode = status, ContentType = "application/json", Content = JsonSerializer.Serialize(value, DgmJson.Options) };

    public static ContentResult Problems(RunConfigException ex) => Json(ManagementAnswer.Problems(ex).Body, StatusCodes.Status400BadRequest);

    public static ContentResult Error(int status, string message) => Json(new { error = message }, status);

    public static async Task<string> BodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
