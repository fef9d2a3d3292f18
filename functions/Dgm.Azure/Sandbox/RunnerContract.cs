using System.Text.Json;
using Dgm.Core.Sandbox;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// The job as the in-sandbox runner (infra/sandbox/runner.py) reads it from DGM_JOB_SPEC; infra/sandbox/README.md
/// documents every field. It holds SAS URLs, so it travels only as a secure environment variable.
/// </summary>
internal sealed record RunnerJobSpec(
    int Version,
    string JobId,
    IReadOnlyList<RunnerInput> Inputs,
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    int WallSeconds,
    double CpuSeconds,
    int Processes,
    int FileSizeMb,
    int OutputBytes,
    IReadOnlyList<RunnerOutput> Outputs,
    Uri ResultUrl,
    Uri LogUrl)
{
    public string ToJson() => JsonSerializer.Serialize(this, RunnerJson.Options);
}

internal sealed record RunnerInput(Uri Url, string Path, bool Unpack);

internal sealed record RunnerOutput(string Path, Uri Url, bool Pack);

/// <summary>What the runner reports in result.json, written last: its presence means the job is over.</summary>
internal sealed record RunnerResult(
    int Version,
    int? ExitCode,
    bool TimedOut,
    IReadOnlyList<string> LimitsHit,
    double WallSeconds,
    double CpuSeconds,
    long PeakMemoryBytes,
    bool OutputTruncated,
    IReadOnlyList<RunnerOutputReport> Outputs,
    string? Error)
{
    public static RunnerResult Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RunnerResult>(json, RunnerJson.Options) ?? throw new JsonException("result.json is null");

    public LimitHit Limits => LimitsHit.Aggregate(LimitHit.None, (all, name) => all | name switch
    {
        "wallTime" => LimitHit.WallTime,
        "cpuTime" => LimitHit.CpuTime,
        "memory" => LimitHit.Memory,
        "processes" => LimitHit.Processes,
        "disk" => LimitHit.Disk,
        _ => LimitHit.None,
    });
}

internal sealed record RunnerOutputReport(string Path, bool Uploaded, long? Bytes, string? Sha256, string? Error);

internal static class RunnerJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
