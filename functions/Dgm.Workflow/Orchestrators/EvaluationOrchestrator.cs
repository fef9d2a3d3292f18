using Dgm.Core.Archive;
using Dgm.Core.Evaluation;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// Staged evaluation of one node: each stage fans out its (task, attempt) pairs with at most maxParallelJobs in
/// flight; a later stage runs only when its gate opens on the accuracy so far. A budget refusal stops launching
/// and lets the attempts in flight finish. The held-out grading of a node is the same, on one stage of held-out tasks.
/// </summary>
public sealed class EvaluationOrchestrator : TaskOrchestrator<EvaluationInput, EvaluationOutput>
{
    public override async Task<EvaluationOutput> RunAsync(TaskOrchestrationContext context, EvaluationInput input)
    {
        var node = new NodeRef(input.RunId, input.NodeId);
        var plan = input.HeldOut ? await context.PlanHeldOutAsync(node) : await context.PlanEvaluationAsync(node);
        var stages = new List<StageResult>();
        var planned = plan.Stages.SelectMany(s => s).Select(t => t.Id).ToList();
        for (var stage = 0; stage < plan.Stages.Count; stage++)
        {
            if (stage > 0 && input.ApplyGates)
            {
                var accuracy = EvaluationSummary.Of(stages.SelectMany(s => s.Tasks)).Accuracy;
                if (!StageGate.Opens(plan.Gates[stage], accuracy, plan.SecondBestFullScore))
                {
                    return new EvaluationOutput(stages, planned, $"stage {stage + 1}'s gate stayed shut at accuracy {accuracy:0.###}", BudgetExhausted: false);
                }
            }

            if (plan.Stages[stage].Count == 0)
            {
                break;
            }

            var (outcomes, refusal) = await RunStageAsync(context, input, plan, plan.Stages[stage]);
            stages.Add(new StageResult { Stage = stage, Tasks = outcomes });
            if (refusal is not null)
            {
                return new EvaluationOutput(stages, planned, refusal, BudgetExhausted: true);
            }
        }

        return new EvaluationOutput(stages, planned, null, BudgetExhausted: false);
    }

    private static async Task<(IReadOnlyList<TaskOutcome> Outcomes, string? Refusal)> RunStageAsync(
        TaskOrchestrationContext context, EvaluationInput input, EvaluationPlan plan, IReadOnlyList<PlannedTask> tasks)
    {
        var pending = new Queue<AttemptInput>(tasks.SelectMany(task => Enumerable.Range(0, plan.Attempts)
            .Select(attempt => new AttemptInput(input.RunId, input.NodeId, input.BuildKey, task, attempt, input.PollSeconds))));
        var running = new List<Task<AttemptResult>>();
        var finished = new List<AttemptResult>();
        string? refusal = null;
        while (pending.Count > 0 || running.Count > 0)
        {
            while (refusal is null && running.Count < plan.MaxParallelJobs && pending.TryDequeue(out var next))
            {
                running.Add(context.AttemptAsync(next));
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running);
            running.Remove(done);
            var result = await done;
            finished.Add(result);
            refusal ??= result.Refusal;
        }

        // Only tasks with every attempt graded count: a half-evaluated task would bias accuracy.
        var outcomes = tasks
            .Select(t => new TaskOutcome
            {
                TaskId = t.Id,
                Language = t.Language,
                Attempts = finished.Where(r => r.TaskId == t.Id && r.Outcome is not null).OrderBy(r => r.Attempt).Select(r => r.Outcome!).ToList(),
            })
            .Where(t => t.Attempts.Count == plan.Attempts)
            .ToList();
        return (outcomes, refusal);
    }
}
