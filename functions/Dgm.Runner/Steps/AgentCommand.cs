using Dgm.Jobs;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Steps;

/// <summary>How a built agent is started: its single executable, or its assembly through the sandbox's dotnet.</summary>
internal static class AgentCommand
{
    public static ChildCommand For(string agentFolder, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, string? dotnet)
    {
        var executable = Path.Combine(agentFolder, JobPaths.AgentExecutable);
        if (File.Exists(executable))
        {
            return new ChildCommand(executable, arguments, workingDirectory, environment);
        }

        var assembly = Path.Combine(agentFolder, JobPaths.AgentAssembly);
        if (!File.Exists(assembly))
        {
            throw new StepFailureException($"the built agent in {agentFolder} has neither {JobPaths.AgentExecutable} nor {JobPaths.AgentAssembly}");
        }

        return new ChildCommand(
            dotnet ?? throw new StepFailureException($"the built agent is framework-dependent ({JobPaths.AgentAssembly}) and this sandbox has no dotnet on PATH; it needs a single-file build"),
            [assembly, .. arguments],
            workingDirectory,
            environment);
    }
}
