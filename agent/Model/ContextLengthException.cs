namespace DgmAgent.Model;

// The server refused the request because the conversation no longer fits the model's context window
// (the gateway's 400 with code "context_length_exceeded"). Unlike other failures, shortening the
// conversation and asking again can fix it.
internal sealed class ContextLengthException(string message) : Exception(message);
