namespace Dgm.Reports;

/// <summary>
/// What the self-contained report file carries: the report, every node's panel, and the artifacts (transcripts, test
/// output, patches) either inline or as links relative to the file.
/// </summary>
public sealed record ReportFile
{
    public required RunReport Report { get; init; }

    public required IReadOnlyDictionary<string, NodeDetails> Details { get; init; }

    /// <summary>Prefix of an artifact's link: the artifact store's folder as seen from the report file.</summary>
    public required string ArtifactBase { get; init; }

    /// <summary>Artifact texts carried in the file (clipped), by key; links are used for the others.</summary>
    public IReadOnlyDictionary<string, string> Artifacts { get; init; } = new Dictionary<string, string>();
}
