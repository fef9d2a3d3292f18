using Dgm.Workflow;

namespace Dgm.Testing;

/// <summary>Workflow tuning for tests, whose jobs take seconds: short polls, and a stuck job given up on soon.</summary>
public static class TestWorkflow
{
    public static void Quick(WorkflowOptions options)
    {
        options.LongPoll = TimeSpan.FromSeconds(1);
        options.DeadlineGrace = TimeSpan.FromSeconds(5);
    }
}
