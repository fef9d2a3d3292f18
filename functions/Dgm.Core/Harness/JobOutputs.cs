using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Jobs;

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
}
