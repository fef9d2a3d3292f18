using System.Text.Json;
using System.Text.Json.Nodes;
using DgmAgent.Model;

namespace DgmAgent.Tools;

// The tools a run offers, and the one place that executes a tool call. Every failure becomes a message
// for the model: a bad call must cost the model a turn, never end the run.
internal sealed class ToolRegistry(IReadOnlyList<ITool> tools)
{
    public static readonly TimeSpan BashTimeout = TimeSpan.FromSeconds(120);

    public IReadOnlyList<ITool> Tools => tools;

    public static ToolRegistry CreateDefault(string workspace) => new(
    [
        new BashTool(workspace, BashTimeout),
        new EditorTool(workspace),
    ]);

    public async Task<string> RunAsync(ToolCall call)
    {
        var tool = tools.FirstOrDefault(t => t.Name == call.Name);
        if (tool is null)
        {
            return $"Error: unknown tool '{call.Name}'. Available tools: {string.Join(", ", tools.Select(t => t.Name))}.";
        }

        JsonObject arguments;
        try
        {
            arguments = JsonNode.Parse(string.IsNullOrWhiteSpace(call.Arguments) ? "{}" : call.Arguments) as JsonObject
                ?? throw new ToolException("the arguments must be a JSON object");
        }
        catch (JsonException ex)
        {
            return $"Error: the arguments are not valid JSON ({ex.Message})";
        }
        catch (ToolException ex)
        {
            return $"Error: {ex.Message}";
        }

        try
        {
            return await tool.RunAsync(arguments);
        }
        catch (ToolException ex)
        {
            return $"Error: {ex.Message}";
        }
        catch (Exception ex)
        {
            // I/O errors, permissions, bad path characters...: the model can often recover if it is told.
            return $"Error: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
