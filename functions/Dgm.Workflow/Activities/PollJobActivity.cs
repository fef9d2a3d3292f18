using Dgm.Core.Sandbox;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Reports a job's state, waiting briefly for it to end so short jobs finish in one poll.</summary>
public sealed class PollJobActivity(ISandbox sandbox, WorkflowOptions options, TimeProvider time) : TaskActivity<SandboxJobHandle, SandboxJobState>
{
    public override async Task<SandboxJobState> RunAsync(TaskActivityContext context, SandboxJobHandle handle)
    {
        var until = time.GetUtcNow() + options.LongPoll;
        while (true)
        {
            var state = await sandbox.PollAsync(handle);
            if (state is SandboxJobState.Exited or SandboxJobState.Lost || time.GetUtcNow() >= until)
            {
                return state;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time);
        }
    }
}
