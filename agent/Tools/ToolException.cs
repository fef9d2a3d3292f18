namespace DgmAgent.Tools;

// A tool was called wrongly (missing parameter, file already exists, ...). The model sees the message.
internal sealed class ToolException(string message) : Exception(message);
