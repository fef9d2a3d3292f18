namespace Dgm.Jobs.Tests;

public sealed class ContractTests
{
    [Fact]
    public void Defaults_survive_a_document_that_leaves_them_out()
    {
        var step = JobsJson.Read<StepSpec>("""{"kind":"grade","grade":{"testCommand":"make test","testSeconds":60}}""", "test");

        Assert.Equal(JobPaths.Workspace, step.Workspace);
        Assert.Equal(HiddenTests.Files, step.Grade!.Hidden);
        Assert.Empty(step.Grade.EditablePaths);
        Assert.Empty(step.Grade.ProtectedPaths);
    }

    [Fact]
    public void Steps_round_trip_with_snake_case_kinds()
    {
        var step = new StepSpec { Kind = StepKind.SelfModify, Agent = new AgentCall { TestHint = "make", Seconds = 90, MaxTurns = 7 } };

        var json = JobsJson.Write(step);

        Assert.Contains("\"self_modify\"", json, StringComparison.Ordinal);
        Assert.Equal(step.Agent, JobsJson.Read<StepSpec>(json, "test").Agent);
    }

    [Fact]
    public void A_field_the_runner_does_not_know_is_refused_with_the_source_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => JobsJson.Read<StepSpec>("""{"kind":"solve","agnet":{}}""", "DGM_STEP"));

        Assert.StartsWith("DGM_STEP:", error.Message, StringComparison.Ordinal);
        Assert.Contains("agnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_step_reports_and_folders_are_stored_packed()
    {
        foreach (var kind in Enum.GetValues<StepKind>())
        {
            Assert.Contains((StepOutputs.Report, false), StepOutputs.Of(kind));
        }

        Assert.Equal("agent.tar.gz", StepOutputs.ArtifactName(StepOutputs.Agent, folder: true));
        Assert.Equal("out/patch.diff", JobPaths.OutputPath(StepOutputs.Patch));
    }

    [Fact]
    public void The_agent_command_line_carries_the_caps_only_when_set()
    {
        var bare = AgentArguments.For("/w", "/p.md", "/t.md", new AgentCall { TestHint = "pytest", Seconds = 10 });
        var capped = AgentArguments.For("/w", "/p.md", "/t.md", new AgentCall { TestHint = "pytest", Seconds = 10, MaxTurns = 200, MaxOutputTokens = 8000 });

        Assert.Equal(["--workspace", "/w", "--problem", "/p.md", "--test-hint", "pytest", "--transcript", "/t.md"], bare);
        Assert.Equal([.. bare, "--max-turns", "200", "--max-tokens", "8000"], capped);
    }

    [Theory]
    [InlineData("tests/**", "tests/a.py", true)]
    [InlineData("tests/**", "tests/deep/a.py", true)]
    [InlineData("tests/**", "src/tests.py", false)]
    [InlineData("**/conftest.py", "conftest.py", true)]
    [InlineData("**/conftest.py", "a/b/conftest.py", true)]
    [InlineData("conftest.py", "a/conftest.py", false)]
    [InlineData("*.spec.js", "a.spec.js", true)]
    [InlineData("*.spec.js", "dir/a.spec.js", false)]
    [InlineData("Cargo.tom?", "Cargo.toml", true)]
    public void Globs_match_workspace_paths(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(pattern).IsMatch(path));
}
