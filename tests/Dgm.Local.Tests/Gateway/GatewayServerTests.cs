using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Models;
using Dgm.Local.Artifacts;
using Dgm.Local.Gateway;
using Dgm.Models.Replay;
using Dgm.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dgm.Local.Tests.Gateway;

public sealed class GatewayServerTests : IAsyncLifetime
{
    private const string Run = "r1";
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private readonly TempDirectory _dir = new("dgm-gateway");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly GatewayTokens _tokens = new(Key);
    private readonly FakeLogger<ModelGateway> _log = new();
    private DiskArtifactStore _store = null!;
    private GatewayServer _server = null!;
    private HttpClient _tcp = null!;

    private static readonly Cassette Tape = Cassette.Parse(Encoding.UTF8.GetBytes("""
        {"entries":[{"purpose":"solve","scope":"*","turn":1,
          "response":{"toolCalls":[{"id":"call_1","name":"bash","arguments":{"command":"ls"}}],"usage":{"input":60,"output":40}}}]}
        """), "gateway-test.json");

    public async Task InitializeAsync()
    {
        _store = new DiskArtifactStore(_dir.Combine("store"));
        var model = new ModelSpec { Name = "demo", InputPricePerMillion = 1_000_000m, OutputPricePerMillion = 2_000_000m };
        var metered = new MeteredChatClient(new ReplayChatClient(Tape), _store, model);
        var gateway = new ModelGateway(_tokens, (scope, _) => Task.FromResult<IChatClient?>(scope.RunId == Run ? metered : null), _time, _log);
        _server = await GatewayServer.StartAsync(gateway, _dir.Combine("gw.sock"), loopbackTcp: true);
        _tcp = new HttpClient { BaseAddress = _server.TcpUrl };
    }

    public async Task DisposeAsync()
    {
        _tcp.Dispose();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private string Token(long budget = 1000, string purpose = ModelPurpose.Solve, string run = Run, TimeSpan? life = null, string job = "job-1") =>
        _tokens.Issue(new GatewayGrant(
            new ModelCallScope { RunId = run, NodeId = "seed", TaskId = "py-a", Purpose = purpose, JobId = job, TokenBudget = budget },
            _time.GetUtcNow() + (life ?? TimeSpan.FromMinutes(10))));

    private const string Body = """
        {"model":"demo","max_tokens":500,"messages":[{"role":"user","content":"fix it"}],
         "tools":[{"type":"function","function":{"name":"bash","description":"run","parameters":{"type":"object","properties":{"command":{"type":"string"}}}}}]}
        """;

    private async Task<(HttpStatusCode Status, JsonNode Json)> PostAsync(string? token, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayServer.Route) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await (client ?? _tcp).SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task A_scoped_call_is_answered_in_the_openai_format_metered_and_transcribed()
    {
        var (status, json) = await PostAsync(Token());

        Assert.Equal(HttpStatusCode.OK, status);
        var call = json["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Assert.Equal("call_1", call["id"]!.GetValue<string>());
        Assert.Equal("""{"command":"ls"}""", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("tool_calls", json["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(100, json["usage"]!["total_tokens"]!.GetValue<int>());

        var scope = new ModelCallScope { RunId = Run, NodeId = "seed", TaskId = "py-a", Purpose = ModelPurpose.Solve, JobId = "job-1", TokenBudget = 1000 };
        var usage = await MeteredChatClient.ReadUsageAsync(_store, scope);
        Assert.Equal(new ModelUsage { Calls = 1, InputTokens = 60, OutputTokens = 40, Dollars = 60m + 80m }, usage);

        var transcript = JsonNode.Parse((await _store.GetAsync(MeteredChatClient.TranscriptKey(scope, 1)))!.Content)!;
        Assert.Equal("fix it", transcript["request"]!["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal("bash", transcript["response"]!["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal(500, transcript["request"]!["max_tokens"]!.GetValue<int>());

        var logged = _log.LatestRecord;
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Contains("solve job job-1 of run r1 node seed: 60 in, 40 out", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unix_socket_serves_the_same_endpoint()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_server.SocketPath!), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://gateway") };
        var (status, _) = await PostAsync(Token(), client);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Forged_expired_missing_and_out_of_scope_tokens_get_401_with_an_openai_error()
    {
        var valid = Token();
        var forged = valid[..^4] + (valid[^4] == 'A' ? "B" : "A") + valid[^3..];
        var otherKey = new GatewayTokens(Enumerable.Repeat((byte)7, 32).ToArray()).Issue(new GatewayGrant(
            new ModelCallScope { RunId = Run, NodeId = "seed", Purpose = ModelPurpose.Solve, JobId = "j", TokenBudget = 10 }, _time.GetUtcNow().AddHours(1)));

        var cases = new (string? Token, string Code)[]
        {
            (null, "missing_token"),
            ("sk-real-openai-key", "invalid_token"),
            (forged, "invalid_token"),
            (otherKey, "invalid_token"),
            (Token(run: "some-other-run"), "out_of_scope"),
            (Token(purpose: ModelPurpose.Diagnose), "out_of_scope"),
        };
        foreach (var (token, code) in cases)
        {
            var (status, json) = await PostAsync(token);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal(code, json["error"]!["code"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(json["error"]!["message"]!.GetValue<string>()));
        }

        var expiring = Token(life: TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(expiring)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        var expired = await PostAsync(expiring);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("token_expired", expired.Json["error"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, 2)] // after one call of 100 tokens, the second call's worst case fits exactly; the third is refused
    [InlineData(-1, 1)] // one token short: the second call's worst case cannot fit
    public async Task The_token_budget_is_enforced_at_its_exact_boundary(long slack, int forwarded)
    {
        // Each call reserves its input bound plus the 500 output tokens it asks for, and settles to the 100 it used.
        var request = OpenAIWire.ParseRequest(Encoding.UTF8.GetBytes(Body));
        var budget = 100 + MeteredChatClient.InputTokenBound(request.Messages, request.Options, "demo") + 500 + slack;
        var token = Token(budget, job: $"budget-{budget}");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await PostAsync(token)).Status);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, forwarded).Concat(Enumerable.Repeat((HttpStatusCode)429, 4 - forwarded)), statuses);
        var scope = new ModelCallScope { RunId = Run, NodeId = "seed", TaskId = "py-a", Purpose = ModelPurpose.Solve, JobId = $"budget-{budget}", TokenBudget = budget };
        var usage = await MeteredChatClient.ReadUsageAsync(_store, scope);
        Assert.Equal((forwarded, forwarded * 100L, 0L), (usage.Calls, usage.TotalTokens, usage.ReservedTokens));
        Assert.False(await _store.ExistsAsync(MeteredChatClient.TranscriptKey(scope, forwarded + 1)));

        var refused = await PostAsync(token);
        Assert.Equal("token_budget_exceeded", refused.Json["error"]!["code"]!.GetValue<string>());
        Assert.Contains($"Token budget of {budget:N0} for job budget-{budget}", refused.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"{forwarded * 100:N0} tokens used and 0 reserved", refused.Json["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, _log.LatestRecord.Level);
        Assert.StartsWith($"Token budget refused a solve call of job budget-{budget} in run r1", _log.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_request_gets_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, GatewayServer.Route) { Content = new StringContent("""{"messages":[]}""") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        using var response = await _tcp.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'messages' must be a non-empty array", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
