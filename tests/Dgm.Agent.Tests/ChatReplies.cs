using System.Text.Json.Nodes;

namespace Dgm.Agent.Tests;

// Chat-completion response bodies as an OpenAI-compatible server sends them.
internal static class ChatReplies
{
    public static ScriptedReply ToolCall(string id, string tool, JsonObject arguments)
    {
        var call = new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments.ToJsonString() },
        };
        return Completion(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) }, "tool_calls");
    }

    public static ScriptedReply Answer(string text) =>
        Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop");

    public static ScriptedReply Error(int status) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = $"scripted error {status}" } }.ToJsonString());

    private static ScriptedReply Completion(JsonObject message, string finishReason) => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 321, ["completion_tokens"] = 12, ["total_tokens"] = 333 },
    }.ToJsonString());
}
