namespace DgmAgent.Model;

// One function call requested by the model. Arguments stay the raw JSON string the model produced:
// the tool registry parses it, so malformed arguments become an error message, not a crash.
internal sealed record ToolCall(string Id, string Name, string Arguments);

// One entry of the conversation, in the shape the chat-completions protocol needs.
internal sealed record ChatMessage(string Role, string? Content, IReadOnlyList<ToolCall> ToolCalls, string? ToolCallId)
{
    public static ChatMessage System(string content) => new("system", content, [], null);

    public static ChatMessage User(string content) => new("user", content, [], null);

    public static ChatMessage Assistant(string? content, IReadOnlyList<ToolCall> toolCalls) => new("assistant", content, toolCalls, null);

    public static ChatMessage Tool(string toolCallId, string content) => new("tool", content, [], toolCallId);
}

internal sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public static TokenUsage operator +(TokenUsage a, TokenUsage b) =>
        new(a.PromptTokens + b.PromptTokens, a.CompletionTokens + b.CompletionTokens, a.TotalTokens + b.TotalTokens);
}

// What one model call returned. Usage is null when the server did not report it.
internal sealed record ModelReply(ChatMessage Message, string? FinishReason, TokenUsage? Usage);
