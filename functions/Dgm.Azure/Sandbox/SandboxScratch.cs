using System.Globalization;
using Dgm.Core.Artifacts;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// Where a job's sandbox-side files live in the artifact store while it runs: the record Collect needs, and what
/// the runner uploads through write-only SAS URLs. The runner never writes a final artifact key: Collect copies
/// its outputs there with the store's write-once check, and Delete removes the whole scratch folder.
/// </summary>
internal sealed record SandboxScratch(string RunId, string JobId)
{
    public string Prefix => $"scratch/sandbox/{ArtifactKeys.Safe(RunId)}/{ArtifactKeys.Safe(JobId)}/";

    public string Record => Prefix + "job.json";

    public string Result => Prefix + "result.json";

    public string Log => Prefix + "log.txt";

    public string Output(int index) => Prefix + "outputs/" + index.ToString(CultureInfo.InvariantCulture);
}
