using System.Text.Json.Nodes;
using Dgm.Testing;

namespace Dgm.Agent.Tests;

internal sealed record ScriptedReply(int Status, string Body);

// An OpenAI-compatible chat-completions endpoint that answers by script (reply number → reply) and records every
// request: the stand-in for the model gateway, over TCP or a Unix domain socket.
internal static class ScriptedChatServer
{
    public static Task<RecordingHttpServer> StartAsync(Func<int, ScriptedReply> script, string? unixSocketPath = null) =>
        RecordingHttpServer.StartAsync(
            (_, number, context) =>
            {
                var reply = script(number - 1);
                return RecordingHttpServer.Json(context, reply.Body, reply.Status);
            },
            unixSocketPath);

    extension(RecordingHttpServer server)
    {
        // The value for DGM_MODEL_URL.
        public string Url => server.UnixSocketPath is { } socket ? $"unix:{socket}" : server.BaseUrl.ToString().TrimEnd('/');
    }

    extension(RecordedRequest request)
    {
        public string Authorization => request.Headers.GetValueOrDefault("authorization", "");

        public JsonNode Json => JsonNode.Parse(request.Body) ?? throw new InvalidOperationException("the request body was JSON null");

        public JsonArray Messages => request.Json["messages"]!.AsArray();

        // The content of the tool message answering callId, or null when this request carries none.
        public string? ToolResult(string callId) => request.Messages
            .FirstOrDefault(m => (string?)m!["role"] == "tool" && (string?)m["tool_call_id"] == callId)?["content"]?.GetValue<string>();
    }
}
