using Dgm.Core;

namespace Dgm.Local.Sandbox;

/// <summary>
/// What a job left on the host, persisted beside it before anything is created (and updated once the process
/// runs), so a later process can find it with <c>ListAsync</c> and <c>DeleteAsync</c> can undo it all: the process
/// (pid + start time, which tells it from a reused pid) and the cgroups; the tmpfs mount is found on disk.
/// </summary>
internal sealed record JobState
{
    public required string RunId { get; init; }

    public required string JobId { get; init; }

    public required string Isolation { get; init; }

    public IReadOnlyList<string> Cgroups { get; init; } = [];

    public int? Pid { get; init; }

    public long? PidStartTime { get; init; }

    public static JobState? Read(JobLayout layout)
    {
        try
        {
            return DgmJson.Deserialize<JobState>(File.ReadAllBytes(layout.StateFile), layout.StateFile);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            return null;
        }
    }

    public void Write(JobLayout layout)
    {
        var temp = layout.StateFile + ".tmp";
        File.WriteAllBytes(temp, DgmJson.Serialize(this));
        File.Move(temp, layout.StateFile, overwrite: true);
    }
}
