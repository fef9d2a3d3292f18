using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Dgm.Core.Configuration;
using Dgm.Core.Models;
using Dgm.Models.Backends;
using Dgm.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Dgm.Models.Tests;

/// <summary>The OpenAI-compatible and Azure OpenAI backends against a local server that speaks the wire protocol.</summary>
public class BackendTests
{
    private const string ToolCallAnswer = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m",
         "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
           "tool_calls":[{"id":"call_7","type":"function","function":{"name":"bash","arguments":"{\"command\":\"ls -la\"}"}}]}}],
         "usage":{"prompt_tokens":321,"completion_tokens":12,"total_tokens":333}}
        """;

    private const string TextAnswer = """
        {"id":"chatcmpl-2","object":"chat.completion","created":1700000000,"model":"m",
         "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"all done"}}],
         "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}
        """;

    private static readonly RetryPolicy Fast = new() { BaseDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(10) };

    private static IChatClient OpenAI(RecordingHttpServer server, string? key = "sk-test", RetryPolicy? retry = null) =>
        ChatClientFactory.Create(
            new ModelSpec { Provider = ModelProvider.OpenAICompatible, Name = "qwen-coder", Endpoint = new Uri(server.BaseUrl, "v1").ToString() },
            new ModelBackendOptions { ApiKey = key, Retry = retry ?? Fast });

    /// <summary>Azure OpenAI sends bearer tokens only over TLS, so its stand-in serves HTTPS with a certificate the client trusts.</summary>
    private static readonly X509Certificate2 Tls = TestCertificate.Create();

    private static Task<RecordingHttpServer> AzureServerAsync(string answer, int status = 200) =>
        RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, answer, status), certificate: Tls);

    private static IChatClient Azure(RecordingHttpServer server, string? key, TokenCredential? credential = null) =>
        ChatClientFactory.Create(
            new ModelSpec { Provider = ModelProvider.AzureOpenAI, Name = "coding-deploy", Endpoint = server.BaseUrl.ToString() },
            new ModelBackendOptions { ApiKey = key, Credential = credential, Retry = Fast, PrimaryHandler = TestCertificate.Trusting(Tls) });

    private static List<ChatMessage> ConversationWithToolResult() =>
    [
        new(ChatRole.System, "be brief"),
        new(ChatRole.User, "list files"),
        new(ChatRole.Assistant, [new FunctionCallContent("call_1", "bash", new Dictionary<string, object?> { ["command"] = "pwd" })]),
        new(ChatRole.Tool, [new FunctionResultContent("call_1", "/work")]),
    ];

    private static ChatOptions Tools() => new()
    {
        MaxOutputTokens = 256,
        Tools = [AIFunctionFactory.CreateDeclaration("bash", "run a command", JsonSerializer.SerializeToElement(new { type = "object", properties = new { command = new { type = "string" } }, required = new[] { "command" } }))],
    };

    [Fact]
    public async Task OpenAI_compatible_sends_the_wire_format_with_a_bearer_key_and_round_trips_tool_calls()
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, ToolCallAnswer));
        var response = await OpenAI(server).GetResponseAsync(ConversationWithToolResult(), Tools());

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Headers["authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("qwen-coder", body["model"]!.GetValue<string>());
        Assert.Equal("bash", body["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("call_1", body["messages"]![2]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tool", body["messages"]![3]!["role"]!.GetValue<string>());
        Assert.Equal("call_1", body["messages"]![3]!["tool_call_id"]!.GetValue<string>());

        var call = Assert.IsType<FunctionCallContent>(response.Messages.SelectMany(m => m.Contents).Single(c => c is FunctionCallContent));
        Assert.Equal("call_7", call.CallId);
        Assert.Equal("ls -la", call.Arguments!["command"]!.ToString());
        Assert.Equal(321, response.Usage!.InputTokenCount);
        Assert.Equal(12, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Azure_OpenAI_speaks_the_v1_api_with_an_api_key_header_and_no_api_version()
    {
        await using var server = await AzureServerAsync(TextAnswer);
        var response = await Azure(server, key: "azure-key").GetResponseAsync([new(ChatRole.User, "hi")]);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.DoesNotContain("api-version", request.Query, StringComparison.Ordinal);
        Assert.Equal("azure-key", request.Headers["api-key"]);
        Assert.Equal("coding-deploy", JsonNode.Parse(request.Body)!["model"]!.GetValue<string>());
        Assert.Equal("all done", response.Text);
        Assert.Equal(12, response.Usage!.TotalTokenCount);
    }

    [Theory]
    [InlineData("https://dgm-ai.openai.azure.com/", "https://dgm-ai.openai.azure.com/openai/v1/")]
    [InlineData("https://dgm-ai.openai.azure.com", "https://dgm-ai.openai.azure.com/openai/v1/")]
    [InlineData("https://dgm-ai.services.ai.azure.com/openai/v1", "https://dgm-ai.services.ai.azure.com/openai/v1/")]
    public void The_configured_resource_or_v1_address_gives_the_v1_base(string configured, string expected) =>
        Assert.Equal(expected, ChatClientFactory.V1Endpoint(configured).ToString());

    [Fact]
    public async Task A_reasoning_models_answer_is_read_with_its_reasoning_tokens_and_the_output_limit_sent_as_max_completion_tokens()
    {
        const string reasoningAnswer = """
            {"id":"chatcmpl-3","object":"chat.completion","created":1764000000,"model":"gpt-5.6-terra",
             "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,"refusal":null,
               "tool_calls":[{"id":"call_9","type":"function","function":{"name":"bash","arguments":"{\"command\":\"dotnet test\"}"}}]},
               "content_filter_results":{}}],
             "usage":{"prompt_tokens":900,"completion_tokens":700,"total_tokens":1600,
               "prompt_tokens_details":{"cached_tokens":512},"completion_tokens_details":{"reasoning_tokens":640}},
             "system_fingerprint":null}
            """;
        await using var server = await AzureServerAsync(reasoningAnswer);
        var response = await Azure(server, key: null, new RecordingCredential()).GetResponseAsync(ConversationWithToolResult(), Tools());

        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.Equal(256, body["max_completion_tokens"]!.GetValue<int>());
        Assert.Null(body["max_tokens"]);
        Assert.Equal("dotnet test", Assert.IsType<FunctionCallContent>(response.Messages.SelectMany(m => m.Contents).Single(c => c is FunctionCallContent)).Arguments!["command"]!.ToString());
        Assert.Equal(700, response.Usage!.OutputTokenCount);
        Assert.Equal(1600, response.Usage.TotalTokenCount);
    }

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    public async Task An_agents_tool_choice_parallel_tool_calls_and_reasoning_effort_reach_the_upstream_request(string effort)
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, ToolCallAnswer));
        var agentRequest = """
            {"model":"m","messages":[{"role":"user","content":"go"}],"max_tokens":64,
             "tools":[{"type":"function","function":{"name":"bash","parameters":{"type":"object","properties":{}}}}],
             "tool_choice":{"type":"function","function":{"name":"bash"}},"parallel_tool_calls":false,"reasoning_effort":"EFFORT"}
            """.Replace("EFFORT", effort, StringComparison.Ordinal);
        var parsed = OpenAIWire.ParseRequest(System.Text.Encoding.UTF8.GetBytes(agentRequest));

        await OpenAI(server).GetResponseAsync(parsed.Messages, parsed.Options);

        var body = JsonNode.Parse(Assert.Single(server.Requests).Body)!;
        Assert.Equal(effort, body["reasoning_effort"]?.GetValue<string>());
        Assert.False(body["parallel_tool_calls"]!.GetValue<bool>());
        Assert.Equal("bash", body["tool_choice"]!["function"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"none\"", "none")]
    [InlineData("\"auto\"", "auto")]
    [InlineData("\"required\"", "required")]
    public async Task Each_tool_choice_word_reaches_the_upstream_request(string choice, string expected)
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, TextAnswer));
        var parsed = OpenAIWire.ParseRequest(System.Text.Encoding.UTF8.GetBytes("""
            {"model":"m","messages":[{"role":"user","content":"go"}],
             "tools":[{"type":"function","function":{"name":"bash","parameters":{"type":"object","properties":{}}}}],"tool_choice":CHOICE}
            """.Replace("CHOICE", choice, StringComparison.Ordinal)));

        await OpenAI(server).GetResponseAsync(parsed.Messages, parsed.Options);

        Assert.Equal(expected, JsonNode.Parse(Assert.Single(server.Requests).Body)!["tool_choice"]!.GetValue<string>());
    }

    [Fact]
    public async Task Azure_OpenAI_sends_an_entra_bearer_token_for_cognitive_services()
    {
        await using var server = await AzureServerAsync(TextAnswer);
        var credential = new RecordingCredential();
        await Azure(server, key: null, credential).GetResponseAsync([new(ChatRole.User, "hi")]);

        Assert.Equal("Bearer entra-token", server.Requests[0].Headers["authorization"]);
        Assert.False(server.Requests[0].Headers.ContainsKey("api-key"));
        Assert.Contains("https://cognitiveservices.azure.com/.default", credential.Scopes);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_retried_after_the_advertised_wait()
    {
        await using var server = await RecordingHttpServer.StartAsync((_, n, ctx) =>
        {
            if (n == 1)
            {
                ctx.Response.Headers.RetryAfter = "1";
                return RecordingHttpServer.Json(ctx, """{"error":{"message":"slow down"}}""", 429);
            }

            return RecordingHttpServer.Json(ctx, TextAnswer);
        });

        var watch = Stopwatch.StartNew();
        var response = await OpenAI(server).GetResponseAsync([new(ChatRole.User, "hi")]);
        Assert.Equal("all done", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {watch.Elapsed.TotalMilliseconds:0} ms, before the Retry-After of 1 s");
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
    }

    [Fact]
    public async Task Server_errors_are_retried_then_reported()
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, """{"error":{"message":"overloaded"}}""", 503));
        var ex = await Assert.ThrowsAsync<ModelUnavailableException>(() => OpenAI(server, retry: Fast with { MaxRetries = 2 }).GetResponseAsync([new(ChatRole.User, "hi")]));
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_never_answers_is_cut_off_by_the_timeout()
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => Task.Delay(Timeout.Infinite, ctx.RequestAborted));
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ModelUnavailableException>(() =>
            OpenAI(server, retry: Fast with { MaxRetries = 1, AttemptTimeout = TimeSpan.FromMilliseconds(400) }).GetResponseAsync([new(ChatRole.User, "hi")]));
        Assert.Contains("did not answer within 0.4 s, 2 attempts", ex.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        // The server may not have read the second request's body before the client gave up on it.
        Assert.InRange(server.Requests.Count, 1, 2);
    }

    [Theory]
    [InlineData(401, """{"error":{"message":"bad key"}}""", "API key or Entra ID identity was refused")]
    [InlineData(404, """{"error":{"message":"no such model"}}""", "no model or deployment named 'qwen-coder'")]
    public async Task Client_errors_are_not_retried_and_say_what_to_fix(int status, string body, string message)
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, body, status));
        var ex = await Assert.ThrowsAsync<ModelUnavailableException>(() => OpenAI(server).GetResponseAsync([new(ChatRole.User, "hi")]));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_400_from_azure_openai_is_a_rejected_request_carrying_the_servers_message()
    {
        await using var server = await AzureServerAsync(
            """{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.","code":"unsupported_parameter"}}""", 400);

        var ex = await Assert.ThrowsAsync<ModelRequestRejectedException>(() => Azure(server, key: "k").GetResponseAsync([new(ChatRole.User, "hi")]));

        Assert.Contains("400 Bad Request for 'coding-deploy'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Unsupported parameter: 'max_tokens'", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}""")]
    [InlineData(400, """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 215000 tokens > 200000 maximum"}}""")]
    [InlineData(400, """{"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion).","type":"BadRequestError","code":400}""")]
    [InlineData(400, """{"object":"error","message":"The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure that `max_model_len` is no smaller than the number of text tokens.","type":"BadRequestError","code":400}""")]
    [InlineData(400, """{"error":{"code":400,"message":"request (9000 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}""")]
    [InlineData(400, """{"error":{"message":"the input length exceeds the context length","type":"api_error"}}""")]
    [InlineData(500, """{"error":{"message":"the input length exceeds the context length","type":"api_error"}}""")]
    [InlineData(400, """{"error":{"message":"the prompt is longer than the context length currently available to the model","type":"invalid_request_error"}}""")]
    public async Task Each_providers_context_length_refusal_is_its_own_error_sent_once(int status, string body)
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) => RecordingHttpServer.Json(ctx, body, status));
        var ex = await Assert.ThrowsAsync<ContextLengthExceededException>(() => OpenAI(server).GetResponseAsync([new(ChatRole.User, "hi")]));
        Assert.Contains("exceeds the context window of 'qwen-coder'", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(400, """{"error":{"message":"Unsupported parameter: 'max_tokens'","code":"unsupported_parameter"}}""", false)]
    [InlineData(503, """{"error":{"message":"overloaded"}}""", false)]
    [InlineData(200, """{"error":{"message":"the input length exceeds the context length"}}""", false)]
    [InlineData(500, """{"error":{"message":"the input length exceeds the context length"}}""", true)]
    [InlineData(413, "prompt is too long: 215000 tokens > 200000 maximum", true)]
    public void Only_an_error_status_with_a_context_length_wording_is_a_context_length_error(int status, string body, bool expected) =>
        Assert.Equal(expected, ContextLengthErrors.Matches(status, body));

    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.AddRange(requestContext.Scopes);
            return new AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }
}
