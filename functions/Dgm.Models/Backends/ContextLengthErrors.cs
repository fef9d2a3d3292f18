namespace Dgm.Models.Backends;

/// <summary>
/// Recognises a backend's "the conversation does not fit the context window" answer, whatever the provider calls it,
/// so it surfaces as one <see cref="Dgm.Core.Models.ContextLengthExceededException"/> and is never retried.
/// </summary>
public static class ContextLengthErrors
{
    // Each provider words the refusal differently, and some (Ollama) send it with a 500.
    private static readonly string[] Wordings =
    [
        "context_length_exceeded", // OpenAI and Azure OpenAI error code
        "maximum context length is", // OpenAI, Azure OpenAI and older vLLM messages
        "longer than the maximum model length", // newer vLLM: "The decoder prompt (length N) is longer than the maximum model length of M"
        "prompt is too long", // Anthropic-compatible: "prompt is too long: 215000 tokens > 200000 maximum"
        "exceed_context_size_error", // llama.cpp server error type
        "exceeds the available context size", // llama.cpp server message
        "exceeds the context length", // Ollama: "the input length exceeds the context length"
        "longer than the context length", // Ollama: "the prompt is longer than the context length currently available to the model"
    ];

    /// <summary>Whether an error answer (<paramref name="status"/> 400 or above) says the request was too long for the model.</summary>
    public static bool Matches(int status, string body) =>
        status >= 400 && Wordings.Any(wording => body.Contains(wording, StringComparison.OrdinalIgnoreCase));
}
