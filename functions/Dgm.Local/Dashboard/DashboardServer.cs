using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Core;
using Dgm.Local.Hosting;
using Dgm.Reports;
using Dgm.Workflow.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dgm.Local.Dashboard;

public sealed record DashboardServerOptions
{
    /// <summary>The data folder to show, and the engine that runs started from the dashboard use.</summary>
    public required LocalDgmOptions Engine { get; init; }

    /// <summary>The configuration a started run's body is laid over.</summary>
    public required JsonObject StartDefaults { get; init; }

    /// <summary>Loopback by default: anyone who reaches the server can start runs.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 5080;

    /// <summary>How often an open run's page asks whether the run changed.</summary>
    public double PollSeconds { get; init; } = 2;
}

/// <summary>
/// <c>dgm serve</c>: Kestrel serving the dashboard (<see cref="DashboardSite"/>) over the data folder at
/// <c>/api/dashboard</c> and the runs API's start, approve and terminate (<see cref="RunManagement"/>) at
/// <c>/api/runs</c>, the same routes as the Functions host.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServedEngine _engine;

    private DashboardServer(WebApplication app, ServedEngine engine, Uri url)
    {
        _app = app;
        _engine = engine;
        Url = url;
    }

    /// <summary>Where the dashboard is: <c>{Url}api/dashboard</c>.</summary>
    public Uri Url { get; }

    public static async Task<DashboardServer> StartAsync(DashboardServerOptions options, CancellationToken cancellationToken = default)
    {
        var time = TimeProvider.System;
        var site = new DashboardSite(LocalDgm.OpenStore(options.Engine.DataDirectory), "/api", time, options.PollSeconds);
        var engine = new ServedEngine(options.Engine, options.StartDefaults, time);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port);
        });
        var app = builder.Build();
        if (IPAddress.IsLoopback(options.Address))
        {
            app.Use(LoopbackGuard.Handle);
        }

        app.MapGet("/", () => Results.Redirect("/api/dashboard"));
        app.MapGet("/api/dashboard/{**path}", async (HttpContext context, string? path) =>
        {
            var answer = await site.GetAsync(path ?? "", name => context.Request.Query[name].FirstOrDefault(), context.RequestAborted);
            return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
        });
        app.MapPost("/api/runs", async (HttpContext context) =>
        {
            var (dgm, management) = await engine.StartAsync(context.RequestAborted);
            var answer = await management.StartAsync(dgm.Client, await BodyAsync(context), context.Request.Query["runId"].FirstOrDefault(), context.RequestAborted);
            if (answer is { Status: StatusCodes.Status202Accepted, RunId: { } runId })
            {
                engine.Follow(runId);
            }

            return Send(answer);
        });
        app.MapPost("/api/runs/{id}/approve", async (HttpContext context, string id) =>
            Send(engine is { Dgm: { } dgm, Management: { } management }
                ? await management.ApproveAsync(dgm.Client, id, await BodyAsync(context), context.RequestAborted)
                : NotStartedHere(id)));
        app.MapPost("/api/runs/{id}/terminate", async (HttpContext context, string id) =>
            Send(engine is { Dgm: { } dgm, Management: { } management }
                ? await management.TerminateAsync(dgm.Client, id, context.RequestAborted)
                : NotStartedHere(id)));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await engine.DisposeAsync();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, engine, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    private static async Task<string> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static IResult Send(ManagementAnswer answer) =>
        Results.Text(JsonSerializer.Serialize(answer.Body, DgmJson.Options), "application/json", statusCode: answer.Status);

    private static ManagementAnswer NotStartedHere(string id) =>
        ManagementAnswer.Error(StatusCodes.Status409Conflict, $"Run '{id}' was not started by this dgm serve; it is approved or terminated by the process that runs it.");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _engine.DisposeAsync();
    }
}
