using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Models;

/// <summary>
/// The OpenAI chat-completions wire format (messages, tools, tool_calls, usage) to and from Microsoft.Extensions.AI
/// types: what the gateway speaks to agents and what transcripts record.
/// </summary>
public static class OpenAIWire
{
    /// <summary>A chat-completions request, parsed.</summary>
    public sealed record Request(string Model, IList<ChatMessage> Messages, ChatOptions Options);

    /// <summary>The request fields the gateway forwards; any other field is refused, never silently dropped.</summary>
    private static readonly string[] Parameters =
    [
        "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "max_tokens", "max_completion_tokens", "temperature", "top_p",
        "presence_penalty", "frequency_penalty", "seed", "stop", "reasoning_effort", "n", "stream",
    ];

    /// <summary>
    /// OpenAI's reasoning_effort values that Microsoft.Extensions.AI can carry. "minimal" has no counterpart there, so it
    /// is refused with the alternatives named instead of being sent as some other level.
    /// </summary>
    private static readonly Dictionary<string, ReasoningEffort> ReasoningEfforts = new()
    {
        ["none"] = ReasoningEffort.None,
        ["low"] = ReasoningEffort.Low,
        ["medium"] = ReasoningEffort.Medium,
        ["high"] = ReasoningEffort.High,
        ["xhigh"] = ReasoningEffort.ExtraHigh,
    };

    /// <summary>A request that is not JSON or not shaped like a chat completion throws <see cref="FormatException"/>; a
    /// parameter the gateway cannot forward throws <see cref="RequestParameterException"/>.</summary>
    public static Request ParseRequest(ReadOnlySpan<byte> utf8)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The request body is not JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject request)
        {
            throw new FormatException("The request body must be a JSON object.");
        }

        if (request["messages"] is not JsonArray messages || messages.Count == 0)
        {
            throw new FormatException("'messages' must be a non-empty array.");
        }

        var unknown = request.Select(p => p.Key).FirstOrDefault(name => !Parameters.Contains(name));
        if (unknown is not null)
        {
            throw new RequestParameterException(unknown, "unsupported_parameter",
                $"'{unknown}' is not supported by the DGM gateway, which refuses rather than drops what it cannot forward. Supported: {string.Join(", ", Parameters)}.");
        }

        if (request["stream"] is { } stream && Bool(stream, "stream"))
        {
            throw new RequestParameterException("stream", "unsupported_value", "'stream': true is not supported; the gateway meters whole responses.");
        }

        if (request["n"] is { } n && Int(n, "n") != 1)
        {
            throw new RequestParameterException("n", "unsupported_value", $"'n': {n.ToJsonString()} is not supported; the gateway answers one choice per request (send the request again for another).");
        }

        var options = new ChatOptions();
        if (request["tools"] is JsonArray tools)
        {
            options.Tools = tools.Select((t, i) => ParseTool(t, i)).ToList<AITool>();
        }

        var maxTokens = request["max_completion_tokens"] ?? request["max_tokens"];
        if (maxTokens is not null)
        {
            options.MaxOutputTokens = Int(maxTokens, request["max_completion_tokens"] is null ? "max_tokens" : "max_completion_tokens");
        }

        options.Temperature = request["temperature"] is { } temperature ? Float(temperature, "temperature") : null;
        options.TopP = request["top_p"] is { } topP ? Float(topP, "top_p") : null;
        options.PresencePenalty = request["presence_penalty"] is { } presence ? Float(presence, "presence_penalty") : null;
        options.FrequencyPenalty = request["frequency_penalty"] is { } frequency ? Float(frequency, "frequency_penalty") : null;
        options.Seed = request["seed"] is { } seed ? Int(seed, "seed") : null;
        options.StopSequences = request["stop"] is { } stop ? StopSequences(stop) : null;
        options.ToolMode = request["tool_choice"] is { } toolChoice ? ToolMode(toolChoice, options.Tools) : null;
        options.AllowMultipleToolCalls = request["parallel_tool_calls"] is { } parallel ? Bool(parallel, "parallel_tool_calls") : null;
        options.Reasoning = request["reasoning_effort"] is { } effort ? new ReasoningOptions { Effort = ReasoningEffortOf(effort) } : null;

        var model = request["model"]?.GetValue<string>() ?? "";
        return new Request(model, messages.Select((m, i) => ParseMessage(m, i)).ToList(), options);
    }

    public static JsonObject RequestJson(IEnumerable<ChatMessage> messages, ChatOptions? options, string model)
    {
        var request = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(messages.Select(MessageJson).ToArray<JsonNode?>()),
        };
        if (options?.Tools is { Count: > 0 } tools)
        {
            request["tools"] = new JsonArray(tools.OfType<AIFunctionDeclaration>().Select(t => (JsonNode)new JsonObject
            {
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = t.Name,
                    ["description"] = t.Description,
                    ["parameters"] = JsonNode.Parse(t.JsonSchema.GetRawText()),
                },
            }).ToArray<JsonNode?>());
        }

        if (options?.MaxOutputTokens is { } max)
        {
            request["max_tokens"] = max;
        }

        if (options?.ToolMode is { } mode)
        {
            request["tool_choice"] = mode switch
            {
                NoneChatToolMode => "none",
                RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = name } },
                RequiredChatToolMode => "required",
                _ => "auto",
            };
        }

        if (options?.AllowMultipleToolCalls is { } parallel)
        {
            request["parallel_tool_calls"] = parallel;
        }

        if (options?.Reasoning?.Effort is { } effort)
        {
            request["reasoning_effort"] = ReasoningEfforts.First(e => e.Value == effort).Key;
        }

        return request;
    }

    public static JsonObject ResponseJson(ChatResponse response, string model)
    {
        var contents = response.Messages.SelectMany(m => m.Contents).ToList();
        var calls = contents.OfType<FunctionCallContent>().ToList();
        var text = string.Concat(contents.OfType<TextContent>().Select(t => t.Text));
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text.Length == 0 && calls.Count > 0 ? null : text };
        if (calls.Count > 0)
        {
            message["tool_calls"] = ToolCallsJson(calls);
        }

        var finish = response.FinishReason is { } reason ? FinishReasonName(reason) : calls.Count > 0 ? "tool_calls" : "stop";
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        return new JsonObject
        {
            ["id"] = response.ResponseId ?? "chatcmpl-dgm",
            ["object"] = "chat.completion",
            ["created"] = (response.CreatedAt ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds(),
            ["model"] = response.ModelId ?? model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output },
        };
    }

    /// <summary>An OpenAI-style error body: {"error": {"message", "type", "param", "code"}}.</summary>
    public static byte[] ErrorJson(string message, string type, string code, string? param = null) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code } }, DgmJson.Compact);

    private static ChatToolMode ToolMode(JsonNode choice, IList<AITool>? tools)
    {
        if (choice.GetValueKind() == JsonValueKind.String)
        {
            return choice.GetValue<string>() switch
            {
                "none" => ChatToolMode.None,
                "auto" => ChatToolMode.Auto,
                "required" => ChatToolMode.RequireAny,
                var other => throw new RequestParameterException("tool_choice", "unsupported_value",
                    $"'tool_choice': \"{other}\" is not one of \"none\", \"auto\", \"required\" or {{\"type\":\"function\",\"function\":{{\"name\":...}}}}."),
            };
        }

        var name = choice is JsonObject { } named && (string?)named["type"] == "function" && named["function"]?["name"] is JsonValue value
            && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw new RequestParameterException("tool_choice", "unsupported_value",
                    $"'tool_choice': {choice.ToJsonString()} is not one of \"none\", \"auto\", \"required\" or {{\"type\":\"function\",\"function\":{{\"name\":...}}}}.");
        return tools?.Any(t => t.Name == name) == true
            ? ChatToolMode.RequireSpecific(name)
            : throw new RequestParameterException("tool_choice", "unsupported_value", $"'tool_choice' names the function '{name}', which is not in 'tools'.");
    }

    private static ReasoningEffort ReasoningEffortOf(JsonNode effort) =>
        effort.GetValueKind() == JsonValueKind.String && ReasoningEfforts.TryGetValue(effort.GetValue<string>(), out var level)
            ? level
            : throw new RequestParameterException("reasoning_effort", "unsupported_value",
                $"'reasoning_effort': {effort.ToJsonString()} is not supported; use one of {string.Join(", ", ReasoningEfforts.Keys.Select(k => $"\"{k}\""))}.");

    private static List<string> StopSequences(JsonNode stop) => stop switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        JsonArray items when items.All(i => i?.GetValueKind() == JsonValueKind.String) => items.Select(i => i!.GetValue<string>()).ToList(),
        _ => throw new RequestParameterException("stop", "invalid_value", $"'stop': {stop.ToJsonString()} must be a string or an array of strings."),
    };

    private static int Int(JsonNode node, string name) =>
        node is JsonValue value && value.TryGetValue<int>(out var number)
            ? number
            : throw new RequestParameterException(name, "invalid_value", $"'{name}': {node.ToJsonString()} must be an integer.");

    private static float Float(JsonNode node, string name) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.GetValue<float>()
            : throw new RequestParameterException(name, "invalid_value", $"'{name}': {node.ToJsonString()} must be a number.");

    private static bool Bool(JsonNode node, string name) => node.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new RequestParameterException(name, "invalid_value", $"'{name}': {node.ToJsonString()} must be true or false."),
    };

    private static AIFunctionDeclaration ParseTool(JsonNode? tool, int index)
    {
        var function = tool?["function"] as JsonObject
            ?? throw new FormatException($"tools[{index}] must be {{\"type\":\"function\",\"function\":{{...}}}}.");
        var name = function["name"]?.GetValue<string>() ?? throw new FormatException($"tools[{index}].function.name is required.");
        var schema = function["parameters"] is { } parameters
            ? JsonSerializer.SerializeToElement(parameters)
            : JsonSerializer.SerializeToElement(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() });
        return AIFunctionFactory.CreateDeclaration(name, function["description"]?.GetValue<string>() ?? "", schema);
    }

    private static ChatMessage ParseMessage(JsonNode? node, int index)
    {
        if (node is not JsonObject message)
        {
            throw new FormatException($"messages[{index}] must be an object.");
        }

        var role = message["role"]?.GetValue<string>() ?? throw new FormatException($"messages[{index}].role is required.");
        var text = ContentText(message["content"], index);
        switch (role)
        {
            case "system" or "developer":
                return new ChatMessage(ChatRole.System, text);
            case "user":
                return new ChatMessage(ChatRole.User, text);
            case "assistant":
                var contents = new List<AIContent>();
                if (!string.IsNullOrEmpty(text))
                {
                    contents.Add(new TextContent(text));
                }

                if (message["tool_calls"] is JsonArray calls)
                {
                    contents.AddRange(calls.Select((c, i) => ParseToolCall(c, $"messages[{index}].tool_calls[{i}]")));
                }

                return new ChatMessage(ChatRole.Assistant, contents);
            case "tool":
                var callId = message["tool_call_id"]?.GetValue<string>() ?? throw new FormatException($"messages[{index}].tool_call_id is required for role tool.");
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, text)]);
            default:
                throw new FormatException($"messages[{index}].role '{role}' is not one of system, user, assistant, tool.");
        }
    }

    private static FunctionCallContent ParseToolCall(JsonNode? node, string path)
    {
        var id = node?["id"]?.GetValue<string>() ?? throw new FormatException($"{path}.id is required.");
        var name = node["function"]?["name"]?.GetValue<string>() ?? throw new FormatException($"{path}.function.name is required.");
        var raw = node["function"]?["arguments"]?.GetValue<string>() ?? "{}";
        return ToolCall(id, name, raw);
    }

    /// <summary>A tool call whose arguments are kept verbatim when they are not a JSON object, so nothing the model said is lost.</summary>
    public static FunctionCallContent ToolCall(string id, string name, string rawArguments)
    {
        Dictionary<string, object?>? arguments = null;
        try
        {
            arguments = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(rawArguments)?.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        }
        catch (JsonException)
        {
        }

        var call = new FunctionCallContent(id, name, arguments);
        if (arguments is null)
        {
            call.AdditionalProperties = new() { [RawArgumentsKey] = rawArguments };
        }

        return call;
    }

    private const string RawArgumentsKey = "dgm.rawArguments";

    private static string ArgumentsText(FunctionCallContent call) =>
        call.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var raw) == true && raw is string text
            ? text
            : JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());

    private static string ContentText(JsonNode? content, int index) => content switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["type"]?.GetValue<string>() == "text" ? p["text"]?.GetValue<string>() : null)),
        _ => throw new FormatException($"messages[{index}].content must be a string or an array of text parts."),
    };

    private static JsonObject MessageJson(ChatMessage message)
    {
        var role = message.Role == ChatRole.System ? "system" : message.Role == ChatRole.Assistant ? "assistant" : message.Role == ChatRole.Tool ? "tool" : "user";
        var json = new JsonObject { ["role"] = role };
        if (message.Role == ChatRole.Tool && message.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            json["tool_call_id"] = result.CallId;
            json["content"] = result.Result?.ToString() ?? "";
            return json;
        }

        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        json["content"] = message.Text.Length == 0 && calls.Count > 0 ? null : message.Text;
        if (calls.Count > 0)
        {
            json["tool_calls"] = ToolCallsJson(calls);
        }

        return json;
    }

    private static JsonArray ToolCallsJson(IEnumerable<FunctionCallContent> calls) =>
        new(calls.Select(c => (JsonNode)new JsonObject
        {
            ["id"] = c.CallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = ArgumentsText(c) },
        }).ToArray<JsonNode?>());

    private static string FinishReasonName(ChatFinishReason reason) =>
        reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : "stop";
}

/// <summary>A request parameter the gateway cannot forward (unknown, or a value the backend path cannot carry); answered with a 400 naming it.</summary>
public sealed class RequestParameterException(string parameter, string code, string message) : FormatException(message)
{
    public string Parameter { get; } = parameter;

    public string Code { get; } = code;
}
