using System.Globalization;
using Dgm.Core.Harness;

namespace Dgm.Core.Artifacts;

/// <summary>The artifact layout (README "What a run writes where"), shared by the disk and blob stores.</summary>
public static class ArtifactKeys
{
    public static string Run(string runId) => $"runs/{Safe(runId)}/run.json";

    public static string RunPrefix(string runId) => $"runs/{Safe(runId)}/";

    public static string Ledger(string runId) => $"runs/{Safe(runId)}/ledger.json";

    public static string Iteration(string runId, int iteration) =>
        $"runs/{Safe(runId)}/iterations/{iteration.ToString(CultureInfo.InvariantCulture)}.json";

    public static string IterationsPrefix(string runId) => $"runs/{Safe(runId)}/iterations/";

    /// <summary>The archive entries of the nodes an iteration admitted, appended beside its record so loading the archive reads one small file per iteration.</summary>
    public static string ArchiveIndex(string runId, int iteration) =>
        $"runs/{Safe(runId)}/archive-index/{iteration.ToString(CultureInfo.InvariantCulture)}.json";

    public static string ArchiveIndexPrefix(string runId) => $"runs/{Safe(runId)}/archive-index/";

    /// <summary>The whole node records an iteration admitted, as commits wrote them before the archive index; read, never written.</summary>
    public static string ArchiveSegment(string runId, int iteration) =>
        $"runs/{Safe(runId)}/archive/{iteration.ToString(CultureInfo.InvariantCulture)}.json";

    public static string ArchivePrefix(string runId) => $"runs/{Safe(runId)}/archive/";

    public static string Node(string runId, string nodeId) => $"runs/{Safe(runId)}/nodes/{Safe(nodeId)}/node.json";

    /// <summary>A node's grades on the run's held-out tasks, kept out of its node.json.</summary>
    public static string HeldOut(string runId, string nodeId) => $"runs/{Safe(runId)}/nodes/{Safe(nodeId)}/held-out.json";

    public static string NodesPrefix(string runId) => $"runs/{Safe(runId)}/nodes/";

    public static string Patch(string runId, string nodeId) => $"runs/{Safe(runId)}/nodes/{Safe(nodeId)}/patch.diff";

    public static string Log(string runId, string nodeId, params string[] path) =>
        $"runs/{Safe(runId)}/nodes/{Safe(nodeId)}/logs/{string.Join('/', path.Select(Safe))}";

    public const string RunsPrefix = "runs/";

    /// <summary>A steady child's plan, written when it starts, so a resumed run restarts it as it was chosen.</summary>
    public static string SteadyPlan(string runId, int number) => $"{SteadyPrefix(runId)}{number.ToString(CultureInfo.InvariantCulture)}/plan.json";

    /// <summary>A steady child's end (<c>SteadyOutcome</c>), written before the run is told: the run commits from it.</summary>
    public static string SteadyOutcome(string runId, int number) => $"{SteadyPrefix(runId)}{number.ToString(CultureInfo.InvariantCulture)}/outcome.json";

    public static string SteadyPrefix(string runId) => $"runs/{Safe(runId)}/steady/";

    /// <summary>Tokens and dollars the gateway metered for one job (or diagnosis).</summary>
    public static string Usage(string runId, string jobId) => $"runs/{Safe(runId)}/usage/{Safe(jobId)}.json";

    /// <summary>A child's problem statement, as the diagnosis wrote it.</summary>
    public static string Problem(string runId, string nodeId) => $"runs/{Safe(runId)}/nodes/{Safe(nodeId)}/problem.md";

    public static string Snapshot(string sha256) => $"snapshots/{Safe(sha256)}.tar.gz";

    /// <summary>A snapshot's built agent; the framework-dependent build keeps the key it had before there were two.</summary>
    public static string Build(string sha256, AgentBuild flavour) => $"builds/{Safe(sha256)}{BuildSuffix(flavour)}.tar.gz";

    /// <summary>How a snapshot's build of that flavour went (the build itself is <see cref="Build"/>).</summary>
    public static string BuildRecord(string sha256, AgentBuild flavour) => $"builds/{Safe(sha256)}{BuildSuffix(flavour)}.json";

    public const string SchedulesPrefix = "schedules/";

    /// <summary>The model gateway's signing key, where a host keeps it in its store (never in a template or a setting).</summary>
    public const string GatewayKey = "secrets/gateway.key";

    /// <summary>The empty patch suite verification grades every untouched workspace with.</summary>
    public const string EmptyPatch = "verify/empty.diff";

    public static string Benchmark(string suite, string relative) => $"benchmarks/{Safe(suite)}/{relative}";

    public static string Schedule(string name) => $"{SchedulesPrefix}{Safe(name)}.json";

    private static string BuildSuffix(AgentBuild flavour) => flavour switch
    {
        AgentBuild.FrameworkDependent => "",
        AgentBuild.SingleFile => ".single-file",
        _ => throw new ArgumentOutOfRangeException(nameof(flavour), flavour, "Unknown agent build."),
    };

    /// <summary>Guards the layout: a segment is a file name, never a path or a relative step.</summary>
    public static string Safe(string segment)
    {
        if (string.IsNullOrEmpty(segment) || segment is "." or ".." || segment.AsSpan().IndexOfAny('/', '\\', '\0') >= 0)
        {
            throw new ArgumentException($"'{segment}' is not a valid artifact key segment.", nameof(segment));
        }

        return segment;
    }
}
