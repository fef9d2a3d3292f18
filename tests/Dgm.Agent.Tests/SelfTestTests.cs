namespace Dgm.Agent.Tests;

[Collection(SharedAgentBuild.Name)]
public sealed class SelfTestTests(BuiltAgentFixture fixture)
{
    [Fact]
    public async Task Self_test_of_a_fresh_copy_passes_every_check()
    {
        var result = await fixture.Agent.RunAsync(["--self-test"], fixture.Agent.Root);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("FAIL", result.Output, StringComparison.Ordinal);
        foreach (var check in new[] { "editor.create", "editor.view", "editor.edit", "bash.run", "bash.timeout", "protocol.tool-results", "protocol.retry-5xx", "transport.unix-socket", "transcript.written" })
        {
            Assert.Contains($"PASS {check}\n", result.Output, StringComparison.Ordinal);
        }
    }
}
