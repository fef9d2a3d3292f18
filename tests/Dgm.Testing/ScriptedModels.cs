using Dgm.Core.Configuration;
using Dgm.Core.Models;
using Microsoft.Extensions.AI;

namespace Dgm.Testing;

/// <summary>Model access for scripted runs: the diagnosis always proposes the same change (no AI; agents never call a model here).</summary>
public sealed class ScriptedModels : IChatClientProvider
{
    public const string Proposal = """
        {"log_summarization": "it failed", "potential_improvements": "edit better", "improvement_proposal": "add str_replace",
         "implementation_suggestion": "in EditorTool", "problem_description": "The editor cannot replace a snippet."}
        """;

    public int Calls { get; private set; }

    /// <summary>The user message of the last diagnosis request.</summary>
    public string? LastRequest { get; private set; }

    /// <summary>The user message of every diagnosis request.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, every call is rejected as a backend's 400 with this message.</summary>
    public string? RejectWith { get; set; }

    public IChatClient Get(ModelSpec model) => new Client(this);

    private sealed class Client(ScriptedModels owner) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner.Calls++;
            owner.LastRequest = messages.Last().Text;
            owner.Requests.Enqueue(owner.LastRequest);
            if (owner.RejectWith is { } message)
            {
                throw new ModelRequestRejectedException(message);
            }

            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Proposal)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
