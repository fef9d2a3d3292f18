using System.Text.Json;
using System.Text.Json.Nodes;
using DgmAgent.Tools;

namespace DgmAgent.Model;

// Translates between the conversation and the OpenAI chat-completions wire format. Pure functions,
// no I/O, so the request shape can be reasoned about (and checked by the self-test) in one place.
internal static class ChatProtocol
{
    public static string BuildRequest(string model, IEnumerable<ChatMessage> messages, IEnumerable<ITool> tools, int maxTokens)
    {
        var request = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(messages.Select(ToJson).ToArray<JsonNode?>()),
            ["tools"] = new JsonArray(tools.Select(ToolToJson).ToArray<JsonNode?>()),
            ["max_tokens"] = maxTokens,
        };
        return request.ToJsonString();
    }

    public static ModelReply ParseResponse(string body)
    {
        try
        {
            var root = JsonNode.Parse(body) ?? throw new ModelCallException("the response body is empty JSON");
            var choice = root["choices"] is JsonArray { Count: > 0 } choices
                ? choices[0]!
                : throw new ModelCallException($"the response has no choices: {Clip(body)}");
            var message = choice["message"] ?? throw new ModelCallException($"the first choice has no message: {Clip(body)}");
            var calls = message["tool_calls"] is JsonArray array ? array.Select(ParseToolCall).ToList() : [];
            return new ModelReply(
                ChatMessage.Assistant(message["content"]?.GetValue<string>(), calls),
                choice["finish_reason"]?.GetValue<string>(),
                ParseUsage(root["usage"]));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelCallException($"unreadable response ({ex.Message}): {Clip(body)}");
        }
    }

    // The "error.code" of an OpenAI-style error body, or null when the body has none or is not JSON.
    public static string? ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["code"] is JsonValue code && code.TryGetValue<string>(out var text) ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Clip(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static JsonObject ToJson(ChatMessage message)
    {
        var json = new JsonObject { ["role"] = message.Role };
        // An assistant turn that only calls tools has no text; the protocol allows content to be left out then.
        if (message.Content is not null || message.ToolCalls.Count == 0)
        {
            json["content"] = message.Content ?? "";
        }

        if (message.ToolCalls.Count > 0)
        {
            json["tool_calls"] = new JsonArray(message.ToolCalls.Select(call => (JsonNode?)new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
            }).ToArray());
        }

        if (message.ToolCallId is not null)
        {
            json["tool_call_id"] = message.ToolCallId;
        }

        return json;
    }

    private static JsonObject ToolToJson(ITool tool) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = tool.Name,
            ["description"] = tool.Description,
            // Parsed afresh for every request: a JsonNode can belong to only one parent document.
            ["parameters"] = JsonNode.Parse(tool.ParametersSchema),
        },
    };

    private static ToolCall ParseToolCall(JsonNode? node)
    {
        var function = node?["function"] ?? throw new ModelCallException("a tool call has no function");
        // Some servers send arguments as an object rather than the JSON string the protocol specifies.
        var arguments = function["arguments"] switch
        {
            null => "{}",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            var other => other.ToJsonString(),
        };
        // A missing id would make the tool result impossible to match, so invent a unique one.
        var id = node["id"]?.GetValue<string>() ?? $"call_{Guid.NewGuid():N}";
        return new ToolCall(id, function["name"]?.GetValue<string>() ?? "", arguments);
    }

    private static TokenUsage? ParseUsage(JsonNode? usage) => usage is null
        ? null
        : new TokenUsage(
            usage["prompt_tokens"]?.GetValue<int>() ?? 0,
            usage["completion_tokens"]?.GetValue<int>() ?? 0,
            usage["total_tokens"]?.GetValue<int>() ?? 0);
}
