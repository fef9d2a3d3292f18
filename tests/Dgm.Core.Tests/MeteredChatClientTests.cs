using Dgm.Core.Configuration;
using Dgm.Core.Models;
using Dgm.Testing;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Tests;

public sealed class MeteredChatClientTests
{
    private static readonly ModelCallScope Scope = new()
    {
        RunId = "r1", NodeId = "seed", TaskId = "t1", Purpose = ModelPurpose.Solve, JobId = "job-1", TokenBudget = 1_000,
    };

    [Theory]
    [InlineData(null, null, null)] // nobody sets a limit (the diagnosis): none is sent, never the remaining budget
    [InlineData(500, null, 500)]
    [InlineData(null, 4_096, 4_096)]
    [InlineData(100_000, 4_096, 4_096)] // the model's own limit wins over a caller asking for more
    [InlineData(2_000, 32_000, 2_000)]
    public async Task The_output_limit_sent_is_the_callers_capped_by_the_models_own(int? asked, int? modelLimit, int? sent)
    {
        var backend = new RecordingClient();
        var client = new MeteredChatClient(backend, new MemoryArtifactStore(), new ModelSpec { Name = "m", MaxOutputTokens = modelLimit });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "fix it")], Scope.ApplyTo(new ChatOptions { MaxOutputTokens = asked }));

        Assert.Equal(sent, backend.Options!.MaxOutputTokens);
    }

    [Fact]
    public async Task A_call_with_little_budget_left_keeps_its_output_limit()
    {
        var store = new MemoryArtifactStore();
        var backend = new RecordingClient { OutputTokens = 990 };
        var client = new MeteredChatClient(backend, store, new ModelSpec { Name = "m" });
        var options = Scope.ApplyTo(new ChatOptions { MaxOutputTokens = 800 });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "first")], options);
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "second")], options);

        Assert.Equal(800, backend.Options!.MaxOutputTokens);
        await Assert.ThrowsAsync<TokenBudgetExceededException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "third")], options));
    }

    private sealed class RecordingClient : IChatClient
    {
        public ChatOptions? Options { get; private set; }

        public long OutputTokens { get; init; } = 5;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Options = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = OutputTokens },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
