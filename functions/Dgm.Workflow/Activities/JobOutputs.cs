using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Core.Harness;

namespace Dgm.Workflow.Activities;

/// <summary>Reads what a finished job uploaded, by output name.</summary>
internal sealed class JobOutputs(IArtifactStore store, JobIdentity id)
{
    public string Key(string name) => HarnessJobs.OutputKey(id, name);

    public async Task<byte[]?> BytesAsync(string name) => (await store.GetAsync(Key(name)))?.Content;

    public async Task<string?> TextAsync(string name) => await BytesAsync(name) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>An exit code the job's script wrote to a file, or null when it never got that far.</summary>
    public async Task<int?> ExitCodeAsync(string name) =>
        int.TryParse((await TextAsync(name))?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
}
