using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dgm.Agent.Tests;

internal sealed record ScriptedReply(int Status, string Body);

internal sealed record ReceivedRequest(string Method, string Path, string Authorization, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("the request body was JSON null");

    public JsonArray Messages => Json["messages"]!.AsArray();

    // The content of the tool message answering callId, or null when this request carries none.
    public string? ToolResult(string callId) => Messages
        .FirstOrDefault(m => (string?)m!["role"] == "tool" && (string?)m["tool_call_id"] == callId)?["content"]?.GetValue<string>();
}

// An OpenAI-compatible chat-completions endpoint on Kestrel that answers by script (reply number → reply)
// and records every request. It stands in for the model gateway, over TCP or a Unix domain socket.
internal sealed class ScriptedChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<int, ScriptedReply> _script;
    private readonly List<ReceivedRequest> _requests = [];

    private ScriptedChatServer(WebApplication app, Func<int, ScriptedReply> script)
    {
        _app = app;
        _script = script;
    }

    // The value for DGM_MODEL_URL.
    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<ScriptedChatServer> StartAsync(Func<int, ScriptedReply> script, string? unixSocketPath = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (unixSocketPath is null)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.ListenUnixSocket(unixSocketPath);
            }
        });

        var app = builder.Build();
        var server = new ScriptedChatServer(app, script);
        app.Run(server.AnswerAsync);
        await app.StartAsync();
        // Port 0 was resolved on start; Urls now holds the real address.
        server.Url = unixSocketPath is null ? app.Urls.Single() : $"unix:{unixSocketPath}";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Add(new ReceivedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(), body));
        }

        var reply = _script(index);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }
}
