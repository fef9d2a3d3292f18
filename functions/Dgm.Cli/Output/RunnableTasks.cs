using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness;

namespace Dgm.Cli.Output;

/// <summary>How many of a stored suite's tasks this machine's sandboxes can run: the total a long command counts towards.</summary>
internal static class RunnableTasks
{
    public static async Task<int> CountAsync(IArtifactStore store, string suite, IToolchainProbe toolchains, CancellationToken cancellationToken) =>
        Count(await BenchmarkSuite.LoadAsync(store, suite, cancellationToken), toolchains);

    public static int Count(BenchmarkSuite suite, IToolchainProbe toolchains) => suite.Tasks.Count(t => toolchains.WhyNotRunnable(t) is null);
}
