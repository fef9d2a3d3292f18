using System.Text.Json;
using System.Text.Json.Nodes;

namespace DgmAgent.Tools;

// Reads named string parameters out of a tool call, with messages the model can act on.
internal static class ToolArguments
{
    public static string Required(JsonObject arguments, string name) =>
        Optional(arguments, name) ?? throw new ToolException($"missing required parameter '{name}'");

    public static string? Optional(JsonObject arguments, string name) => arguments[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw new ToolException($"parameter '{name}' must be a string"),
    };
}
