using Dgm.Core.Artifacts;

namespace Dgm.Core.Benchmarks;

/// <summary>Where a stored suite's pieces live in the artifact store.</summary>
public static class SuiteLayout
{
    public static string Manifest(string suite) => ArtifactKeys.Benchmark(suite, "suite.json");

    public static string Task(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/task.json");

    public static string Workspace(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/workspace.tar.gz");

    public static string Hidden(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/hidden.tar.gz");

    public static string HiddenPatch(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/hidden.diff");

    public static string Problem(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/problem.md");

    public static string Gold(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"tasks/{ArtifactKeys.Safe(taskId)}/gold.diff");
}
