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
    [InlineData(null, null, null)] // nobody knows a limit (the diagnosis on an unconfigured model): none is sent, never the budget
    [InlineData(500, null, 500)]
    [InlineData(null, 4_096, 4_096)]
    [InlineData(100_000, 4_096, 4_096)] // the model's own limit wins over a caller asking for more
    [InlineData(2_000, 32_000, 2_000)]
    public async Task The_output_limit_sent_is_the_callers_capped_by_the_models_own(int? asked, int? modelLimit, int? sent)
    {
        var backend = new RecordingClient();
        var client = new MeteredChatClient(backend, new MemoryArtifactStore(), new ModelSpec { Name = "m", MaxOutputTokens = modelLimit });
        var scope = Scope with { TokenBudget = 100_000 };
        var options = scope.ApplyTo(new ChatOptions { MaxOutputTokens = asked });
        ChatMessage[] messages = [new(ChatRole.User, "fix it")];

        await client.GetResponseAsync(messages, options);

        Assert.Equal(sent, backend.Options!.MaxOutputTokens);
    }

    [Fact]
    public async Task A_call_sent_without_an_output_limit_holds_all_the_budget_left_while_it_runs()
    {
        var store = new MemoryArtifactStore();
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var client = new MeteredChatClient(new RecordingClient { Before = async () => { held.TrySetResult(); await release.Task; } }, store, new ModelSpec { Name = "m" });
        var scope = Scope with { TokenBudget = 100_000 };

        var first = client.GetResponseAsync([new ChatMessage(ChatRole.User, "fix it")], scope.ApplyTo(null));
        await held.Task;
        Assert.Equal(100_000, (await MeteredChatClient.ReadUsageAsync(store, scope)).ReservedTokens);
        await Assert.ThrowsAsync<TokenBudgetExceededException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "meanwhile")], scope.ApplyTo(null)));
        release.SetResult();
        await first;
        Assert.Equal(0, (await MeteredChatClient.ReadUsageAsync(store, scope)).ReservedTokens);
    }

    [Fact]
    public async Task A_call_within_budget_settles_its_reservation_to_the_metered_usage()
    {
        var store = new MemoryArtifactStore();
        var client = new MeteredChatClient(new RecordingClient { OutputTokens = 7 }, store, new ModelSpec { Name = "m" });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "fix it")], Scope.ApplyTo(new ChatOptions { MaxOutputTokens = 300 }));

        var usage = await MeteredChatClient.ReadUsageAsync(store, Scope);
        Assert.Equal((1, 5L, 7L, 0L), (usage.Calls, usage.InputTokens, usage.OutputTokens, usage.ReservedTokens));
    }

    [Fact]
    public async Task A_call_whose_worst_case_does_not_fit_is_refused_before_it_is_forwarded()
    {
        var store = new MemoryArtifactStore();
        var backend = new RecordingClient();
        var client = new MeteredChatClient(backend, store, new ModelSpec { Name = "m" });
        ChatMessage[] messages = [new(ChatRole.User, "first")];
        var probe = Scope.ApplyTo(new ChatOptions { MaxOutputTokens = 800 });
        var scope = Scope with { TokenBudget = MeteredChatClient.InputTokenBound(messages, probe, "m") + 800 };
        var options = scope.ApplyTo(new ChatOptions { MaxOutputTokens = 800 });

        await client.GetResponseAsync(messages, options); // the worst case fits exactly
        var refused = await Assert.ThrowsAsync<TokenBudgetExceededException>(() => client.GetResponseAsync(messages, options));

        Assert.Equal(1, backend.Calls);
        Assert.Equal((10L, 0L, scope.TokenBudget), (refused.Used, refused.Reserved, refused.Needed));
        Assert.Contains($"Token budget of {scope.TokenBudget:N0} for job job-1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await MeteredChatClient.ReadUsageAsync(store, scope)).Calls);
    }

    [Fact]
    public async Task A_failed_call_releases_its_reservation()
    {
        var store = new MemoryArtifactStore();
        var client = new MeteredChatClient(new RecordingClient { Failure = new ContextLengthExceededException("too long") }, store, new ModelSpec { Name = "m" });

        await Assert.ThrowsAsync<ContextLengthExceededException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")], Scope.ApplyTo(new ChatOptions())));

        var usage = await MeteredChatClient.ReadUsageAsync(store, Scope);
        Assert.Equal((0, 0L, 1), (usage.Calls, usage.ReservedTokens, usage.ContextLengthErrors));
    }

    private sealed class RecordingClient : IChatClient
    {
        public ChatOptions? Options { get; private set; }

        public long OutputTokens { get; init; } = 5;

        public Exception? Failure { get; init; }

        /// <summary>Awaited before answering: lets a test hold a call in flight.</summary>
        public Func<Task>? Before { get; init; }

        public int Calls { get; private set; }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Options = options;
            Calls++;
            if (Before is not null)
            {
                await Before();
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))
            {
                Usage = new UsageDetails { InputTokenCount = 5, OutputTokenCount = OutputTokens },
            };
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
