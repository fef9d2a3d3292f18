using System.Collections.Concurrent;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Models;
using Dgm.Models.Backends;
using Microsoft.Extensions.AI;

namespace Dgm.Models;

/// <summary>One metered client per model spec, over the backend the spec names; secrets come from the host, never the config.</summary>
public sealed class ChatClientProvider(IArtifactStore store, Func<ModelSpec, ModelBackendOptions> backendOptions) : IChatClientProvider
{
    private readonly ConcurrentDictionary<ModelSpec, IChatClient> _clients = new();

    /// <summary>Keys from the environment: OPENAI_API_KEY for openai_compatible, AZURE_OPENAI_API_KEY for azure_openai (else Entra ID).</summary>
    public static ModelBackendOptions FromEnvironment(ModelSpec model) => new()
    {
        ApiKey = model.Provider switch
        {
            ModelProvider.OpenAICompatible => Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
            ModelProvider.AzureOpenAI => Environment.GetEnvironmentVariable("AZURE_OPENAI_API_KEY"),
            _ => null,
        },
    };

    public IChatClient Get(ModelSpec model) =>
        _clients.GetOrAdd(model, m => new MeteredChatClient(ChatClientFactory.Create(m, backendOptions(m)), store, m));
}
