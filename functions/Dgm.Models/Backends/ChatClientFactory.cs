using System.ClientModel;
using System.ClientModel.Primitives;
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

    /// <summary>The scope Entra ID tokens for Azure OpenAI are issued for.</summary>
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    private static BackendErrorChatClient OpenAICompatible(ModelSpec spec, ModelBackendOptions options)
    {
        var endpoint = new Uri(spec.Endpoint!);
        var client = new OpenAIClient(new ApiKeyCredential(options.ApiKey ?? "no-key"), ClientOptions(endpoint, options));
        return new BackendErrorChatClient(client.GetChatClient(spec.Name).AsIChatClient(), endpoint.ToString(), spec.Name);
    }

    /// <summary>
    /// Azure OpenAI through its v1 API: the OpenAI wire protocol under <c>/openai/v1/</c>, with no api-version, so
    /// every current model (reasoning models included) is reachable; the deployment name is the model.
    /// </summary>
    private static BackendErrorChatClient AzureOpenAI(ModelSpec spec, ModelBackendOptions options)
    {
        var endpoint = V1Endpoint(spec.Endpoint!);
        AuthenticationPolicy authentication = options.ApiKey is { } key
            ? ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(key), "api-key")
            : new BearerTokenPolicy(options.Credential ?? new DefaultAzureCredential(), CognitiveServicesScope);
        // Marked for evaluation in the OpenAI package, yet the constructor Microsoft documents for the v1 API with Entra ID.
#pragma warning disable OPENAI001
        var client = new OpenAIClient(authentication, ClientOptions(endpoint, options));
#pragma warning restore OPENAI001
        return new BackendErrorChatClient(client.GetChatClient(spec.Name).AsIChatClient(), endpoint.ToString(), spec.Name);
    }

    /// <summary>The resource's v1 base address, whether the configuration names the resource or its v1 path.</summary>
    public static Uri V1Endpoint(string endpoint)
    {
        var resource = endpoint.TrimEnd('/');
        return new Uri(resource.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase) ? resource + "/" : resource + "/openai/v1/");
    }

    // Retries are the RetryHandler's (it honours Retry-After); timeouts are its per-attempt ones.
    private static OpenAIClientOptions ClientOptions(Uri endpoint, ModelBackendOptions options) => new()
    {
        Endpoint = endpoint,
        Transport = Transport(options),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = Timeout.InfiniteTimeSpan,
    };

    private static HttpClientPipelineTransport Transport(ModelBackendOptions options)
    {
        var retry = new RetryHandler(options.Retry) { InnerHandler = options.PrimaryHandler ?? new SocketsHttpHandler() };
        return new HttpClientPipelineTransport(new HttpClient(retry) { Timeout = Timeout.InfiniteTimeSpan });
    }
}
