namespace Dgm.Core.Sandbox;

/// <summary>
/// Runs jobs in isolation: start → poll → collect → delete. Delete is safe to call on every path (also for a job
/// that never started or was already deleted). A local process sandbox and Azure Container Instances implement it.
/// </summary>
public interface ISandbox
{
    string Name { get; }

    Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default);

    Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Uploads the job's outputs to the artifact store and reports how it ended. Call once the job exited or its deadline passed.</summary>
    Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default);

    Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default);

    /// <summary>Jobs of a run that still exist, so a resumed run can delete what its dead predecessor left behind.</summary>
    Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default);
}
