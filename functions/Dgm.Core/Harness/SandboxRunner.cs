using Dgm.Core.Sandbox;

namespace Dgm.Core.Harness;

/// <summary>Runs one job to its end outside the durable workflow (verification, benchmarks): start, wait, collect, and always delete.</summary>
public static class SandboxRunner
{
    public static async Task<SandboxJobResult> RunAsync(ISandbox sandbox, SandboxJob job, CancellationToken cancellationToken = default)
    {
        var handle = await sandbox.StartAsync(job, cancellationToken);
        try
        {
            while (await sandbox.PollAsync(handle, cancellationToken) is SandboxJobState.Pending or SandboxJobState.Running)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }

            return await sandbox.CollectAsync(handle, cancellationToken);
        }
        finally
        {
            await sandbox.DeleteAsync(handle, CancellationToken.None);
        }
    }
}
