using Microsoft.AspNetCore.Http;

namespace Dgm.Local.Dashboard;

/// <summary>
/// A loopback dashboard answers only to loopback host names (no DNS rebinding), and changes state only for its own
/// pages: a POST must be JSON (a cross-site form cannot send that without a preflight we never grant) and must not
/// come from another origin.
/// </summary>
internal static class LoopbackGuard
{
    public static async Task Handle(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Host.Host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        if (HttpMethods.IsPost(request.Method)
            && (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true
                || (request.Headers.Origin.FirstOrDefault() is { } origin && origin != $"{request.Scheme}://{request.Host}")))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next();
    }
}
