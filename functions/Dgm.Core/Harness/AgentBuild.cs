using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness;

/// <summary>How an agent's snapshot is built; each flavour is built and cached on its own, so the two never mix.</summary>
public enum AgentBuild
{
    /// <summary><c>dotnet DgmAgent.dll</c>: runs where the sandbox has .NET (our sandbox image, the host's toolchains).</summary>
    FrameworkDependent,

    /// <summary>One self-contained linux-x64 executable: runs in any task image, with no .NET there.</summary>
    SingleFile,
}

public static class AgentBuilds
{
    /// <summary>
    /// A suite with a task in an image of its own (SWE-bench) needs the single-file agent; every other suite gets the
    /// framework-dependent one, whose publish takes a fraction of the time (README, "Measured").
    /// </summary>
    public static AgentBuild For(BenchmarkSuite suite) =>
        suite.Tasks.Any(t => t.Image is not null) ? AgentBuild.SingleFile : AgentBuild.FrameworkDependent;
}
