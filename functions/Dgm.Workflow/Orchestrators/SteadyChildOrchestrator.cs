using Dgm.Core.Archive;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// One child of the steady loop, started by the run and never awaited by it: the child self-improves, an admitted
/// child is graded on the held-out tasks, its end is recorded, and then the run is woken. The run commits from the
/// record, so a wake-up that is lost only delays the commit until the run looks again.
/// </summary>
public sealed class SteadyChildOrchestrator : TaskOrchestrator<SteadyChildInput, SteadyOutcome>
{
    public override async Task<SteadyOutcome> RunAsync(TaskOrchestrationContext context, SteadyChildInput input)
    {
        ChildResult result;
        string? heldOutStop = null;
        try
        {
            result = await context.SelfImproveAsync(new ChildInput(input.RunId, input.Number, input.Plan, input.PollSeconds));
            if (input.GradesHeldOut && result is { BudgetExhausted: false, Summary: { Status: NodeStatus.Admitted } admitted })
            {
                heldOutStop = (await context.GradeHeldOutAsync(new HeldOutInput(input.RunId, admitted.Id, input.PollSeconds))).StoppedBecause;
            }
        }
        catch (TaskFailedException ex)
        {
            // Nobody awaits this orchestration: a failure past its retries ends the child with the reason, not the run.
            result = new ChildResult(null, $"{input.Plan.ChildId} failed: {ex.FailureDetails.ErrorMessage}", BudgetExhausted: false);
        }

        var outcome = new SteadyOutcome(input.Number, input.Plan, result, heldOutStop);
        await context.RecordSteadyOutcomeAsync(new SteadyChildEnded(input.RunId, outcome));
        context.SendEvent(input.RunId, SteadyLoop.ChildEndedEvent, input.Number);
        return outcome;
    }
}
