using System.Text.RegularExpressions;
using Dgm.Azure.Sandbox;

namespace Dgm.Azure.Tests.Sandbox;

public sealed partial class ContainerGroupNameTests
{
    [Theory]
    [InlineData("run-7", "build-n1")]
    [InlineData("2025-06-01T12:00:00Z_Run", "Solve/cpp-word-wrap#3")]
    [InlineData("r", "---")]
    [InlineData("a-very-long-run-identifier-that-goes-on-and-on-and-on", "solve-node-0123456789abcdef-task-python-some-exercise-attempt-17")]
    public void Names_follow_the_aci_rules(string runId, string jobId)
    {
        var name = ContainerGroupName.For(runId, jobId);

        Assert.Matches(AciName(), name);
        Assert.InRange(name.Length, 1, 63);
        Assert.Equal(name, ContainerGroupName.For(runId, jobId));
    }

    [Fact]
    public void Names_stay_readable_and_distinct_when_shortened_or_slugged_alike()
    {
        Assert.StartsWith("dgm-run-7-build-n1-", ContainerGroupName.For("run-7", "build-n1"), StringComparison.Ordinal);
        Assert.NotEqual(ContainerGroupName.For("run", "job/1"), ContainerGroupName.For("run", "job-1"));
        var prefix = new string('x', 80);
        Assert.NotEqual(ContainerGroupName.For("r", prefix + "a"), ContainerGroupName.For("r", prefix + "b"));
    }

    // Lower-case letters, digits and single hyphens, neither first nor last.
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex AciName();
}
