using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Runner.Tests;

/// <summary>The build step publishes the real seed agent as one executable and runs its self-test; a broken source stops at publish.</summary>
public sealed class BuildStepTests : IDisposable
{
    private static readonly StepSpec Build = new() { Kind = StepKind.Build, Build = new BuildCall { PublishSeconds = 300, SelfTestSeconds = 120 } };

    /// <summary>The tool folder infra/install-test-deps.sh fills, as sandboxes see it at /dgm/tools.</summary>
    private static readonly Dictionary<string, string> OfflinePackages = new() { [JobVariables.ToolsRoot] = Environment.GetEnvironmentVariable("DGM_TOOLS") ?? "/opt/dgm/tools" };

    private readonly JobRoot _job = new();

    public BuildStepTests()
    {
        var agent = RepositoryRoot.Combine("agent");
        foreach (var file in Directory.EnumerateFiles(agent, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(agent, file);
            if (relative.Split('/')[0] is not ("bin" or "obj"))
            {
                _job.Write(Path.Combine(JobPaths.Source, relative), File.ReadAllText(file));
            }
        }
    }

    [Fact]
    public async Task The_seed_agent_publishes_framework_dependent_and_passes_its_self_test()
    {
        var (process, report) = await _job.RunAsync(Build);

        Assert.Equal(0, process.ExitCode);
        Assert.True(report!.Publish!.Succeeded, _job.Output(StepOutputs.BuildLog));
        Assert.True(report.SelfTest!.Succeeded, _job.Output(StepOutputs.SelfTestLog));
        Assert.Contains("self-test passed", _job.Output(StepOutputs.SelfTestLog), StringComparison.Ordinal);
        Assert.True(File.Exists(_job.Combine("out", StepOutputs.Agent, JobPaths.AgentAssembly)));
        Assert.False(File.Exists(_job.Combine("out", StepOutputs.Agent, JobPaths.AgentExecutable)));
    }

    [Fact]
    public async Task A_single_file_build_is_one_executable_that_needs_no_dotnet_and_passes_its_self_test()
    {
        var (_, report) = await _job.RunAsync(Build with { Build = Build.Build! with { SingleFile = true } }, OfflinePackages);

        Assert.True(report!.Publish!.Succeeded, _job.Output(StepOutputs.BuildLog));
        Assert.True(report.SelfTest!.Succeeded, _job.Output(StepOutputs.SelfTestLog));
        var executable = _job.Combine("out", StepOutputs.Agent, JobPaths.AgentExecutable);
        Assert.Equal([executable], Directory.GetFiles(_job.Combine("out", StepOutputs.Agent)));
        var help = await ProcessRunner.RunAsync(executable, ["--help"], _job.Path, TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["DOTNET_ROOT"] = "/nonexistent" });
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--workspace", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_that_does_not_compile_stops_at_publish_and_says_so()
    {
        _job.Write(Path.Combine(JobPaths.Source, "Broken.cs"), "this is not C#");

        var (_, report) = await _job.RunAsync(Build);

        Assert.False(report!.Publish!.Succeeded);
        Assert.Null(report.SelfTest);
        Assert.Contains("error CS", _job.Output(StepOutputs.BuildLog), StringComparison.Ordinal);
        Assert.Contains("not run", _job.Output(StepOutputs.SelfTestLog), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_job.Combine("out", StepOutputs.Agent)));
    }

    public void Dispose() => _job.Dispose();
}
