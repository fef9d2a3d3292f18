using System.Net;
using Dgm.Core.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dgm.Local.Gateway;

/// <summary>
/// The local model gateway: Kestrel serving <see cref="ModelGateway"/> at <c>POST /v1/chat/completions</c> on a Unix
/// socket (what sandboxes get bound in) and/or loopback TCP. Nothing else is served.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    public const string Route = "/v1/chat/completions";

    private readonly WebApplication _app;

    private GatewayServer(WebApplication app, string? socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    /// <summary>The Unix socket path, when the server listens on one.</summary>
    public string? SocketPath { get; }

    /// <summary>The loopback base URL (http://127.0.0.1:port), when the server listens on TCP.</summary>
    public Uri? TcpUrl { get; private set; }

    /// <summary>The socket's mode: container jobs connect as the sandbox user, not as its owner; every call still needs a job's token.</summary>
    internal const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Starts the gateway on <paramref name="socketPath"/> (replacing a stale socket file) and, when asked, on a free loopback port.</summary>
    public static async Task<GatewayServer> StartAsync(ModelGateway gateway, string? socketPath, bool loopbackTcp, CancellationToken cancellationToken = default)
    {
        if (socketPath is null && !loopbackTcp)
        {
            throw new ArgumentException("The gateway needs a Unix socket path or loopback TCP.", nameof(socketPath));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            if (socketPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(socketPath))!);
                File.Delete(socketPath);
                kestrel.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http1);
            }

            if (loopbackTcp)
            {
                kestrel.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            }
        });

        var app = builder.Build();
        app.MapPost(Route, async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var answer = await gateway.HandleAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, body.ToArray(), context.RequestAborted);
            context.Response.StatusCode = answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
        });

        var server = new GatewayServer(app, socketPath);
        await app.StartAsync(cancellationToken);
        if (socketPath is not null)
        {
            File.SetUnixFileMode(socketPath, SocketMode);
        }
        if (loopbackTcp)
        {
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!
                .Addresses.First(a => a.StartsWith("http://127.0.0.1", StringComparison.Ordinal));
            server.TcpUrl = new Uri(address);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (SocketPath is not null)
        {
            File.Delete(SocketPath);
        }
    }
}
