using System.Text.Json;
using Dgm.Core.Sandbox;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// What CollectAsync needs to know about a job that only its handle names: where each output goes and how much log
/// to keep. Stored at start (without secrets) so any process can collect.
/// </summary>
internal sealed record SandboxRecord(IReadOnlyList<SandboxOutput> Outputs, int OutputBytes)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RunnerJson.Options);

    public static SandboxRecord Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SandboxRecord>(json, RunnerJson.Options) ?? throw new JsonException("job.json is null");
}
