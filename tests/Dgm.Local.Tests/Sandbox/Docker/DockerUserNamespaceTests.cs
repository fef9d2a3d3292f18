namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>Under the daemon's userns-remap a job's uid 1000 is a subordinate host uid, and the sandbox gives the job's files to it.</summary>
[Collection(RemappedDockerEngineTests.Name)]
public sealed class DockerUserNamespaceTests(RemappedDockerEngine engine)
{
    [Fact]
    public async Task The_job_is_uid_1000_of_a_namespace_that_maps_no_host_root_and_owns_its_files()
    {
        await using var harness = new DockerHarness(engine);

        var result = await harness.RunAsync(harness.Job(
            "id -u; cat /proc/self/uid_map; touch work-file && echo work-writable; touch $HOME/home-file && echo home-writable"));

        Assert.True(result.Succeeded, $"{result.Error} {result.Output}");
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1000", lines[0]);
        // Container uid 0 is a subordinate host uid, not host root: so container uid 1000 is not the host's uid 1000.
        Assert.Matches(@"^\s*0\s+[1-9][0-9]*\s+[0-9]+$", lines[1]);
        // Only the host uid behind container uid 1000 can write there: the sandbox read the remap from the Engine.
        Assert.Contains("work-writable", lines);
        Assert.Contains("home-writable", lines);
    }
}
