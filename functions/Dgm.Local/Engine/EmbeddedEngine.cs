using System.Net;
using Dgm.Core;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dgm.Local.Engine;

public sealed record EmbeddedEngineOptions
{
    /// <summary>
    /// Activity work items the engine dispatches at once. It is the only activity limit of the in-process server
    /// (the worker's own concurrency options are ignored by it), and past it the dispatcher sleeps 500 ms, so keep it
    /// above the widest fan-out; sandbox concurrency is capped by the evaluation orchestrator instead.
    /// </summary>
    public int MaxActivities { get; init; } = 10_000;

    /// <summary>
    /// Orchestration work items at once; past it the dispatcher sleeps 500 ms too. A steady run keeps hundreds of
    /// children in flight, each with its job orchestrations: at 100, 100 children in flight took 2.6 times as long.
    /// </summary>
    public int MaxOrchestrations { get; init; } = 10_000;

    /// <summary>gRPC message limit in both directions (the package's default of 4 MB hangs an instance whose output is larger).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024 * 1024;

    public ILoggerFactory? LoggerFactory { get; init; }
}

/// <summary>
/// Durable Task's in-process engine for the local host: the InProcessTestHost package's gRPC sidecar
/// (<see cref="TaskHubGrpcServer"/> over an in-memory store behind <see cref="TunedOrchestrationService"/>) served by our
/// own Kestrel on loopback, and a standard gRPC worker and client with the given tasks and services. State lives in
/// this process only; runs resume from the artifact store.
/// </summary>
public sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly WebApplication _sidecar;
    private readonly IHost _worker;
    private readonly GrpcChannel _channel;

    private EmbeddedEngine(WebApplication sidecar, IHost worker, GrpcChannel channel)
    {
        _sidecar = sidecar;
        _worker = worker;
        _channel = channel;
        Client = worker.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>The worker's services, from which activities are constructed.</summary>
    public IServiceProvider Services => _worker.Services;

    public static async Task<EmbeddedEngine> StartAsync(
        Action<DurableTaskRegistry> registerTasks,
        Action<IServiceCollection> configureServices,
        EmbeddedEngineOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedEngineOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var store = new TunedOrchestrationService(new InMemoryOrchestrationService(loggerFactory), options.MaxActivities, options.MaxOrchestrations);

        var sidecarBuilder = WebApplication.CreateSlimBuilder();
        sidecarBuilder.Logging.ClearProviders();
        sidecarBuilder.Services.AddSingleton(loggerFactory);
        sidecarBuilder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Every activity in flight holds an HTTP/2 stream; the default allows 100 per connection.
            kestrel.Limits.Http2.MaxStreamsPerConnection = options.MaxActivities + 100;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        sidecarBuilder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
        });
        sidecarBuilder.Services.AddSingleton<IOrchestrationService>(store);
        sidecarBuilder.Services.AddSingleton<IOrchestrationServiceClient>(store);
        sidecarBuilder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = sidecarBuilder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        await sidecar.StartAsync(cancellationToken);

        var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = options.MaxMessageBytes,
            LoggerFactory = loggerFactory,
        });

        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddLogging();
            // Orchestration payloads in the product's own JSON dialect (camelCase, enum names), like every artifact.
            builder.Services.AddSingleton<DataConverter>(new JsonDataConverter(DgmJson.Compact));
            configureServices(builder.Services);
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.AddTasks(registerTasks);
                worker.UseGrpc(channel);
            });
            builder.Services.AddDurableTaskClient(client =>
            {
                client.UseGrpc(channel);
                client.RegisterDirectly();
            });
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new EmbeddedEngine(sidecar, host, channel);
        }
        catch
        {
            channel.Dispose();
            await sidecar.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The worker first: that ends its work-item stream, so the sidecar stops dispatching.
        await _worker.StopAsync();
        _worker.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
    }
}
