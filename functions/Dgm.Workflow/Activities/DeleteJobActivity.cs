using Dgm.Core.Sandbox;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

public sealed class DeleteJobActivity(ISandbox sandbox) : TaskActivity<SandboxJobHandle, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, SandboxJobHandle handle)
    {
        await sandbox.DeleteAsync(handle);
        return true;
    }
}
