using System.CommandLine;
using Dgm.Core.Runs;
using Dgm.Local.Artifacts;
using Dgm.Reports;

namespace Dgm.Cli.Output;

/// <summary>`dgm report RUN --html FILE`: the run's report as one self-contained HTML file.</summary>
internal static class HtmlReport
{
    public static readonly Option<FileInfo?> File = new("--html")
    {
        Description = "Write the report as one self-contained HTML file (tree, charts, a panel per node) instead of printing it.",
    };

    public static readonly Option<bool> InlineArtifacts = new("--inline-artifacts")
    {
        Description = $"Carry every node's transcripts, test output and patches in the file (each clipped at {ReportFileReader.MaxArtifactChars / 1024} KB) instead of linking to the data folder.",
    };

    public static async Task WriteAsync(DiskArtifactStore store, string runId, FileInfo html, bool inlineArtifacts, CancellationToken cancellationToken)
    {
        var artifactBase = ReportFileReader.RelativeBase(html.FullName, store.Root);
        var file = await new ReportFileReader(new RunReportReader(new RunStore(store))).ReadAsync(runId, artifactBase, inlineArtifacts, TimeProvider.System.GetUtcNow(), cancellationToken);
        await WritePageAsync(html, ReportPages.Report(file), $"{file.Report.Nodes.Count} node(s), best {file.Report.BestNodeId ?? "-"}", cancellationToken);
    }

    /// <summary>Writes a page and says where, how big and what it shows.</summary>
    public static async Task WritePageAsync(FileInfo html, string page, string summary, CancellationToken cancellationToken)
    {
        html.Directory?.Create();
        await System.IO.File.WriteAllTextAsync(html.FullName, page, cancellationToken);
        Console.WriteLine($"wrote {html.FullName} ({new FileInfo(html.FullName).Length / 1024:N0} KB; {summary})");
    }
}
