using Dgm.Core;
using Dgm.Core.Sandbox;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>Deletes a job on every path: finished, abandoned at its deadline, or never collected.</summary>
public sealed class DeleteJobActivity(ISandbox sandbox, ILogger<DeleteJobActivity> logger) : TaskActivity<SandboxJobHandle, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SandboxJobHandle handle)
    {
        using var span = DgmTelemetry.Start("sandbox.delete", handle.RunId, jobId: handle.JobId);
        await sandbox.DeleteAsync(handle);
        logger.LogInformation("Deleted job {JobId} of run {RunId}", handle.JobId, handle.RunId);
        return true;
    }
}
