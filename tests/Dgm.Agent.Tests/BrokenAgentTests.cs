namespace Dgm.Agent.Tests;

// A child that damaged its own tools must be caught by its self-test. Each case breaks a fresh copy by a
// text edit of its source, builds it (it still compiles), and expects the named check to fail.
public sealed class BrokenAgentTests
{
    [Theory]
    [InlineData("Tools/ToolRegistry.cs", "new EditorTool(workspace),", "", "editor.create")]
    [InlineData("Tools/EditorTool.cs", "\"edit\" => Edit(", "\"edit\" => Create(", "editor.edit")]
    public async Task Self_test_fails_when_the_editor_is_broken(string file, string find, string replace, string failingCheck)
    {
        using var copy = AgentCopy.Create();
        copy.Edit(file, find, replace);
        await copy.BuildAsync();

        var result = await copy.RunAsync(["--self-test"], copy.Root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"FAIL {failingCheck}:", result.Output, StringComparison.Ordinal);
        Assert.Contains("self-test FAILED", result.Output, StringComparison.Ordinal);
        // The breakage is specific: the bash tool still works, so its own check keeps passing.
        Assert.Contains("PASS bash.exit-code\n", result.Output, StringComparison.Ordinal);
    }
}
