using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using Dgm.Core.Configuration;
using Dgm.Models.Replay;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Dgm.Models.Backends;

/// <summary>Secrets and transport for a backend; never part of the run configuration file.</summary>
public sealed record ModelBackendOptions
{
    /// <summary>API key: for openai_compatible a bearer key (optional for local servers), for azure_openai the resource key instead of Entra ID.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Entra ID credential for azure_openai when no key is given; DefaultAzureCredential when null.</summary>
    public TokenCredential? Credential { get; init; }

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>The innermost HTTP handler (tests point it at a local server; hosts leave the default).</summary>
    public HttpMessageHandler? PrimaryHandler { get; init; }
}

/// <summary>Creates the <see cref="IChatClient"/> of a model role: replay, OpenAI-compatible or Azure OpenAI.</summary>
public static class ChatClientFactory
{
    public static IChatClient Create(ModelSpec spec, ModelBackendOptions options) => spec.Provider switch
    {
        ModelProvider.Replay => new ReplayChatClient(Cassette.Load(spec.Cassette ?? Cassette.DemoName)),
        ModelProvider.OpenAICompatible => OpenAICompatible(spec, options),
        ModelProvider.AzureOpenAI => AzureOpenAI(spec, options),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Provider, "Unknown model provider."),
    };

    private static BackendErrorChatClient OpenAICompatible(ModelSpec spec, ModelBackendOptions options)
    {
        var endpoint = new Uri(spec.Endpoint!);
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey ?? "no-key"), new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = Transport(options),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
        return new BackendErrorChatClient(client.GetChatClient(spec.Name).AsIChatClient(), endpoint.ToString(), spec.Name);
    }

    private static BackendErrorChatClient AzureOpenAI(ModelSpec spec, ModelBackendOptions options)
    {
        var endpoint = new Uri(spec.Endpoint!);
        var clientOptions = new AzureOpenAIClientOptions
        {
            Transport = Transport(options),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        var client = options.ApiKey is { } key
            ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), clientOptions)
            : new AzureOpenAIClient(endpoint, options.Credential ?? new DefaultAzureCredential(), clientOptions);
        return new BackendErrorChatClient(client.GetChatClient(spec.Name).AsIChatClient(), endpoint.ToString(), spec.Name);
    }

    private static HttpClientPipelineTransport Transport(ModelBackendOptions options)
    {
        var retry = new RetryHandler(options.Retry) { InnerHandler = options.PrimaryHandler ?? new SocketsHttpHandler() };
        return new HttpClientPipelineTransport(new HttpClient(retry) { Timeout = Timeout.InfiniteTimeSpan });
    }
}
