using Dgm.Testing;

namespace Dgm.Cli.Tests;

/// <summary>Runs the built `dgm` command.</summary>
internal static class Dgm
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "dgm.dll");

    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], workingDirectory, TimeSpan.FromMinutes(10));

    /// <summary>A config for a short run on the quick suite (see <see cref="QuickSuite"/>).</summary>
    public const string QuickConfig = """
        {
          "childrenPerIteration": 2,
          "iterations": 2,
          "stages": [ { "tasks": 2 }, { "tasks": 2, "minResolvedFraction": 0.5 } ],
          "maxParallelJobs": 2,
          "benchmark": { "suite": "quick" },
          "sandbox": { "memoryMb": 2048, "diskMb": 1024, "pollSeconds": 0.2 },
          "seed": 0
        }
        """;

    /// <summary>Four fast starter tasks as their own suite folder.</summary>
    public static string QuickSuite(string parent) =>
        StarterSubset.Write(parent, "quick", "py-duration-parse", "py-lru-cache", "js-csv-quotes", "js-semver-sort");
}
