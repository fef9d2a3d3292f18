using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>Retry policies for activities that touch storage, sandboxes or models, which fail transiently.</summary>
internal static class Retries
{
    public static readonly TaskOptions Transient = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30)));
}
