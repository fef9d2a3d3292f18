using Dgm.Core.Sandbox;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

public sealed class CollectJobActivity(ISandbox sandbox) : TaskActivity<CollectInput, SandboxJobResult>
{
    public override Task<SandboxJobResult> RunAsync(TaskActivityContext context, CollectInput input) => sandbox.CollectAsync(input.Handle);
}
