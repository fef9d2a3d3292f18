using Dgm.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Dgm.Functions;

/// <summary>
/// GET /api/dashboard/{*path}: the dashboard page and its read-only API over Blob Storage (function key). The page's
/// start, approve and terminate buttons call the runs API (<see cref="RunsApi"/>) with the same key.
/// </summary>
public sealed class DashboardApi(DashboardSite site)
{
    [Function("Dashboard")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/{*path}")] HttpRequest request,
        string? path)
    {
        var answer = await site.GetAsync(path ?? "", name => request.Query[name].FirstOrDefault(), request.HttpContext.RequestAborted);
        return new ContentResult { StatusCode = answer.Status, ContentType = answer.ContentType, Content = answer.Body };
    }
}
