using System.Text;

namespace Dgm.Reports;

/// <summary>Reads everything a run's report file carries; with <c>inlineArtifacts</c>, the logs of every node too.</summary>
public sealed class ReportFileReader(RunReportReader reader)
{
    /// <summary>Each inlined log is cut here: a report stays a file one can open, and says where the rest is.</summary>
    public const int MaxArtifactChars = 64 * 1024;

    public async Task<ReportFile> ReadAsync(string runId, string artifactBase, bool inlineArtifacts, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var details = await reader.AllDetailsAsync(runId, cancellationToken);
        return new ReportFile
        {
            Report = await reader.ReadAsync(runId, now, cancellationToken),
            Details = details,
            ArtifactBase = artifactBase,
            Artifacts = inlineArtifacts ? await InlineAsync(details.Values, cancellationToken) : new Dictionary<string, string>(),
        };
    }

    /// <summary>The link prefix for artifacts of a disk store at <paramref name="storeRoot"/>, from a report written to <paramref name="reportFile"/>.</summary>
    public static string RelativeBase(string reportFile, string storeRoot)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(reportFile))!, Path.GetFullPath(storeRoot)).Replace(Path.DirectorySeparatorChar, '/');
        return string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)) + "/";
    }

    private async Task<Dictionary<string, string>> InlineAsync(IEnumerable<NodeDetails> details, CancellationToken cancellationToken)
    {
        var keys = details.SelectMany(d => d.Stages.SelectMany(s => s.Tasks).SelectMany(t => t.Attempts)
                .SelectMany(a => new[] { a.TranscriptKey, a.TestOutputKey, a.PatchKey })
                .Append(d.Build?.LogKey))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (await reader.Runs.Artifacts.GetAsync(key, cancellationToken) is { } stored)
            {
                texts[key] = TextClip.Head(Encoding.UTF8.GetString(stored.Content), MaxArtifactChars, key);
            }
        }

        return texts;
    }
}
