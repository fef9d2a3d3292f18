using System.Text.Json.Nodes;

namespace DgmAgent.SelfTest;

// Builds chat-completion response bodies the way an OpenAI-compatible server would send them.
internal static class ScriptedReplies
{
    public static ScriptedResponse ToolCalls(params (string Id, string Tool, JsonObject Arguments)[] calls) =>
        Completion(null, "tool_calls", new JsonArray(calls.Select(call => (JsonNode?)new JsonObject
        {
            ["id"] = call.Id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = call.Tool, ["arguments"] = call.Arguments.ToJsonString() },
        }).ToArray()));

    public static ScriptedResponse Answer(string content) => Completion(content, "stop", null);

    // A reply the server cut off at the output limit, before the model got to call a tool.
    public static ScriptedResponse CutOff(string content) => Completion(content, "length", null);

    public static ScriptedResponse Error(int status, string? retryAfter = null) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = $"scripted failure {status}" } }.ToJsonString(), retryAfter);

    private static ScriptedResponse Completion(string? content, string finishReason, JsonArray? toolCalls)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
        if (toolCalls is not null)
        {
            message["tool_calls"] = toolCalls;
        }

        var body = new JsonObject
        {
            ["id"] = "chatcmpl-selftest",
            ["object"] = "chat.completion",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 10, ["total_tokens"] = 110 },
        };
        return new ScriptedResponse(200, body.ToJsonString());
    }
}
