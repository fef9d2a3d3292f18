using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Models;
using Dgm.Local.Artifacts;
using Dgm.Local.Gateway;
using Dgm.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Dgm.Local.Tests.Gateway;

/// <summary>Concurrent calls of one job through the real gateway, metered client and disk store never spend more than the job's budget.</summary>
public sealed class GatewayBudgetTests(ITestOutputHelper output) : IDisposable
{
    private const long Budget = 5_000;
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private readonly TempDirectory _dir = new("dgm-gateway-budget");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Fifty_concurrent_oversized_calls_never_meter_more_than_the_budget()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var tokens = new GatewayTokens(Key);
        var store = new DiskArtifactStore(_dir.Combine("store"));
        var upstream = new GreedyUpstream();
        var metered = new MeteredChatClient(upstream, store, new ModelSpec { Name = "demo", MaxOutputTokens = 4_000 });
        var gateway = new ModelGateway(tokens, (_, _) => Task.FromResult<IChatClient?>(metered), time, new FakeLogger<ModelGateway>());
        await using var server = await GatewayServer.StartAsync(gateway, _dir.Combine("gw.sock"), loopbackTcp: true);
        using var http = new HttpClient { BaseAddress = server.TcpUrl };
        var scope = new ModelCallScope { RunId = "r1", NodeId = "seed", TaskId = "py-a", Purpose = ModelPurpose.Solve, JobId = "job-1", TokenBudget = Budget };
        var token = tokens.Issue(new GatewayGrant(scope, time.GetUtcNow().AddMinutes(10)));

        // Every call alone could cross the budget once its reply is counted: 4 MB prompts, calls asking for no output
        // limit (the model's 4,000 would be sent before), and many modest calls that together ask for 20 times the budget.
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => PostAsync(http, token, i switch
        {
            _ when i % 10 == 0 => Body(new string('x', 4 * 1024 * 1024), maxTokens: null),
            _ when i % 10 == 5 => Body("fix the bug", maxTokens: null),
            _ => Body(new string('y', 400), maxTokens: 2_000),
        })));

        var usage = await MeteredChatClient.ReadUsageAsync(store, scope);
        var served = answers.Count(a => a.Status == HttpStatusCode.OK);
        output.WriteLine($"{served} of 50 calls served, {usage.TotalTokens} of {Budget} tokens metered, {upstream.MaxInFlight} in flight at most");
        Assert.InRange(usage.TotalTokens, 1, Budget);
        Assert.Equal(upstream.MeteredTokens, usage.TotalTokens);
        Assert.Equal(0, usage.ReservedTokens);
        Assert.Equal(served, usage.Calls);
        Assert.InRange(served, 1, 49); // which calls win depends on arrival order; that none overspends does not
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a =>
        {
            Assert.Equal((HttpStatusCode)429, a.Status);
            Assert.Equal("token_budget_exceeded", a.Json["error"]!["code"]!.GetValue<string>());
        });
    }

    private static string Body(string prompt, int? maxTokens) =>
        new JsonObject
        {
            ["model"] = "demo",
            ["max_tokens"] = maxTokens,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        }.ToJsonString();

    private static async Task<(HttpStatusCode Status, JsonNode Json)> PostAsync(HttpClient http, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayServer.Route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>A scripted upstream (no AI) that always writes its whole output limit and reports a tokenizer-like input count.</summary>
    private sealed class GreedyUpstream : IChatClient
    {
        private long _metered;
        private readonly Lock _gate = new();
        private int _inFlight;

        public int MaxInFlight { get; private set; }

        public long MeteredTokens => Interlocked.Read(ref _metered);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
            }

            await Task.Delay(50, cancellationToken); // keeps calls in flight together
            lock (_gate)
            {
                _inFlight--;
            }

            var input = messages.Sum(m => (long)m.Text.Length) / 3 + 4;
            var output = options?.MaxOutputTokens ?? 100_000; // a backend's default when no limit is sent
            Interlocked.Add(ref _metered, input + output);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "done"))
            {
                Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output },
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
