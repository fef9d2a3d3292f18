namespace Dgm.Agent.Tests;

// The self-test checks what the agent does, not today's constants: a child that adds a tool or rewords its clip note
// passes it, and a child that loses the end of long output (where test logs summarise their failures) does not.
public sealed class ImprovedAgentTests
{
    private const string WordCountTool = """
        using System.Text.Json.Nodes;

        namespace DgmAgent.Tools;

        internal sealed class WordCountTool(string workspace) : ITool
        {
            public string Name => "word_count";

            public string Description => "Counts the words of a file in the workspace.";

            public string ParametersSchema => "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}";

            public async Task<string> RunAsync(JsonObject arguments)
            {
                var path = Path.Combine(workspace, arguments["path"]?.GetValue<string>() ?? throw new ToolException("path is required"));
                var text = await File.ReadAllTextAsync(path);
                return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        """;

    [Fact]
    public async Task A_child_with_a_third_tool_and_a_reworded_clip_note_passes_its_self_test()
    {
        using var copy = AgentCopy.Create();
        File.WriteAllText(Path.Combine(copy.Root, "Tools", "WordCountTool.cs"), WordCountTool);
        copy.Edit("Tools/ToolRegistry.cs", "new EditorTool(workspace),", "new EditorTool(workspace),\n        new WordCountTool(workspace),");
        copy.Edit("Tools/OutputClip.cs", "[output clipped: ", "[... snipped: ");
        await copy.BuildAsync();

        var result = await copy.RunAsync(["--self-test"], copy.Root);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("self-test passed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_whose_clip_keeps_only_the_head_fails_its_self_test()
    {
        using var copy = AgentCopy.Create();
        copy.Edit("Tools/OutputClip.cs", "HeadLimit = Limit / 2", "HeadLimit = Limit");
        await copy.BuildAsync();

        var result = await copy.RunAsync(["--self-test"], copy.Root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("FAIL bash.clip:", result.Output, StringComparison.Ordinal);
    }
}
