using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dgm.Testing;

/// <summary>A request as the server saw it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP server on a free loopback port (Kestrel) that records every request and answers through a
/// script: the stand-in for model endpoints and other services in tests.
/// </summary>
public sealed class RecordingHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingHttpServer(WebApplication app) => _app = app;

    /// <summary>http(s)://127.0.0.1:port, or http://localhost when the server listens on a Unix socket.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string? UnixSocketPath { get; private set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <param name="respond">Answers a request, given it and its 1-based number.</param>
    /// <param name="unixSocketPath">Listen on this Unix socket instead of a loopback port.</param>
    /// <param name="certificate">Serve HTTPS on the loopback port with this certificate (clients that send bearer tokens insist).</param>
    public static async Task<RecordingHttpServer> StartAsync(
        Func<RecordedRequest, int, HttpContext, Task> respond, string? unixSocketPath = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (unixSocketPath is null)
            {
                k.Listen(IPAddress.Loopback, 0, listen =>
                {
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }
            else
            {
                k.ListenUnixSocket(unixSocketPath);
            }
        });
        var app = builder.Build();
        var server = new RecordingHttpServer(app) { UnixSocketPath = unixSocketPath };
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                await reader.ReadToEndAsync(context.RequestAborted));
            int number;
            lock (server._requests)
            {
                server._requests.Enqueue(request);
                number = server._requests.Count;
            }

            await respond(request, number, context);
        });
        await app.StartAsync();
        server.BaseUrl = unixSocketPath is null
            ? new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            : new Uri("http://localhost");
        return server;
    }

    public static Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
