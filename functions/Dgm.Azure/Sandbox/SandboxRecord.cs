using Dgm.Core;
using Dgm.Core.Sandbox;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// What CollectAsync needs to know about a job that only its handle names: where each output goes and how much log
/// to keep. Stored at start (without secrets) so any process can collect.
/// </summary>
internal sealed record SandboxRecord(IReadOnlyList<SandboxOutput> Outputs, int OutputBytes)
{
    public byte[] ToJson() => DgmJson.Serialize(this);

    public static SandboxRecord Parse(ReadOnlySpan<byte> json) => DgmJson.Deserialize<SandboxRecord>(json, "job.json");
}
