using Dgm.Core.Configuration;
using Dgm.Testing;

namespace Dgm.Core.Tests;

public class ReadmeConfigTests
{
    [Fact]
    public void The_readme_example_is_valid_and_shows_the_defaults()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));
        var start = readme.IndexOf("```json\n{\n  \"models\"", readme.IndexOf("## Configuration", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no configuration example");
        start = readme.IndexOf('\n', start) + 1;
        var json = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var example = RunConfigLoader.Load(json, "README.md");
        Assert.Equal(RunConfigLoader.ToJson(RunConfigLoader.Default()), RunConfigLoader.ToJson(example));
    }
}
