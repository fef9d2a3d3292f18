using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Dgm.Functions;

/// <summary>Every ten minutes, starts or continues the runs the schedule entries in the artifact store ask for.</summary>
public sealed class ScheduleTimer(RunScheduler scheduler, TimeProvider time, ILogger<ScheduleTimer> logger)
{
    [Function("ScheduledRuns")]
    public async Task TickAsync([TimerTrigger("0 */10 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        foreach (var outcome in await scheduler.TickAsync(client, time.GetUtcNow()))
        {
            logger.LogInformation("Schedule {Entry}: run {RunId} {Action}", outcome.Entry, outcome.RunId, outcome.Action);
        }
    }
}
