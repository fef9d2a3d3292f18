namespace Dgm.Workflow;

/// <summary>Host-level tuning of the workflow's activities (validated when the host starts).</summary>
public sealed class WorkflowOptions
{
    /// <summary>How long a poll activity waits for a job to end before reporting it still running (short locally, where jobs are seconds long).</summary>
    public TimeSpan LongPoll { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past its wall limit a job may take to report before the orchestrator abandons and deletes it.</summary>
    public TimeSpan DeadlineGrace { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a sandbox may take to start a job (scheduling, pulling a large image); the wall limit counts from the start.</summary>
    public TimeSpan ProvisionLimit { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>The first wait before starting again a job the sandbox could not take (doubling to 5 minutes).</summary>
    public TimeSpan BusyBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a job the sandbox cannot take is started again before it is reported as a harness error.</summary>
    public int BusyAttempts { get; set; } = 100;

    /// <summary>How often the diagnosis is asked again when its answer cannot be parsed (the reference tries up to three times).</summary>
    public int DiagnosisAttempts { get; set; } = 3;
}
