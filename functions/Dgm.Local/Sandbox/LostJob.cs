using Dgm.Core.Sandbox;

namespace Dgm.Local.Sandbox;

/// <summary>What collecting a job reports when this instance does not supervise it (never started here, or its supervisor died).</summary>
internal static class LostJob
{
    public static SandboxJobResult Result(JobLayout layout, SandboxJobHandle handle)
    {
        var state = JobState.Read(layout);
        return new SandboxJobResult
        {
            JobId = handle.JobId,
            Isolation = state?.Isolation ?? "unknown",
            Usage = new SandboxUsage(0, 0, 0),
            Error = state is null
                ? $"Job '{handle.JobId}' of run '{handle.RunId}' is unknown to this sandbox."
                : $"Job '{handle.JobId}' of run '{handle.RunId}' was lost: its supervisor (an earlier process or sandbox instance) is gone. Delete it and run it again.",
        };
    }
}
