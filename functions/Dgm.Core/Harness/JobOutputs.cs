using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Jobs;
using Dgm.Jobs.Archives;

namespace Dgm.Core.Harness;

/// <summary>Reads what a finished job uploaded, by output name (<see cref="StepOutputs"/>).</summary>
public sealed class JobOutputs(IArtifactStore store, JobIdentity id)
{
    public string Key(string name) => HarnessJobs.OutputKey(id, name);

    public async Task<byte[]?> BytesAsync(string name, CancellationToken cancellationToken = default) => (await store.GetAsync(Key(name), cancellationToken))?.Content;

    public async Task<string?> TextAsync(string name, CancellationToken cancellationToken = default) =>
        await BytesAsync(name, cancellationToken) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The runner's report, or null when the job never got as far as writing a readable one.</summary>
    public async Task<StepReport?> ReportAsync(CancellationToken cancellationToken = default)
    {
        if (await BytesAsync(StepOutputs.Report, cancellationToken) is not { } bytes)
        {
            return null;
        }

        try
        {
            return JobsJson.Read<StepReport>(bytes, Key(StepOutputs.Report));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reports are small; a folder past these limits is not a test report.</summary>
    private static readonly ArchiveLimits ReportLimits = new(64L * 1024 * 1024, 10_000);

    /// <summary>The files the test command wrote into its report folder (empty when it wrote none or the archive is unreadable).</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReportFilesAsync(CancellationToken cancellationToken = default)
    {
        if (await BytesAsync(StepOutputs.ArtifactName(StepOutputs.Reports, folder: true), cancellationToken) is not { } bytes)
        {
            return new Dictionary<string, byte[]>();
        }

        try
        {
            return TarExtractor.ReadFiles(bytes, ReportLimits);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return new Dictionary<string, byte[]>();
        }
    }
}
