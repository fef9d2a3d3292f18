namespace Dgm.Jobs;

/// <summary>
/// <see cref="JobVariables.TransferSpec"/>: a job for a sandbox whose runner moves the files itself (Azure Container
/// Instances): inputs to fetch, the command to run under limits, outputs to upload. Every URL is a single-blob SAS, so
/// the spec is a secret and travels only as a secure environment variable.
/// </summary>
public sealed record TransferSpec
{
    public int Version { get; set; } = 1;

    public required string JobId { get; init; }

    public IReadOnlyList<TransferInput> Inputs { get; set; } = [];

    public required IReadOnlyList<string> Command { get; init; }

    public string WorkingDirectory { get; set; } = ".";

    public required int WallSeconds { get; init; }

    public required double CpuSeconds { get; init; }

    public required int Processes { get; init; }

    public required int FileSizeMb { get; init; }

    public required int OutputBytes { get; init; }

    public IReadOnlyList<TransferOutput> Outputs { get; set; } = [];

    public required Uri ResultUrl { get; init; }

    public required Uri LogUrl { get; init; }
}

/// <summary>An input to download: a tar.gz unpacked into <see cref="Path"/>, or a file saved as <see cref="Path"/>.</summary>
public sealed record TransferInput(Uri Url, string Path, bool Unpack);

/// <summary>An output to upload: a folder packed as tar.gz, or a file as it is.</summary>
public sealed record TransferOutput(string Path, Uri Url, bool Pack);

/// <summary>What the transfer runner reports in result.json, uploaded last: its presence means the job is over.</summary>
public sealed record TransferResult
{
    public int Version { get; set; } = 1;

    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    /// <summary>Any of <c>wallTime</c>, <c>cpuTime</c>, <c>disk</c>, <c>memory</c>.</summary>
    public IReadOnlyList<string> LimitsHit { get; set; } = [];

    public double WallSeconds { get; init; }

    public double CpuSeconds { get; init; }

    public long PeakMemoryBytes { get; init; }

    public bool OutputTruncated { get; init; }

    public IReadOnlyList<TransferOutputReport> Outputs { get; set; } = [];

    /// <summary>The sandbox could not do its part (an input could not be fetched or unpacked); null otherwise.</summary>
    public string? Error { get; init; }
}

public sealed record TransferOutputReport(string Path, bool Uploaded, long? Bytes = null, string? Sha256 = null, string? Error = null);
