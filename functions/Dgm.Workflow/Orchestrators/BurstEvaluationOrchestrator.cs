using Dgm.Core.Evaluation;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// A cost-bounded burst evaluation: agents are evaluated one after another, each with the evaluation run's cap on
/// parallel sandboxes; every launch reserves against the evaluation's dollar cap, and the first refusal stops all
/// further launches. The report says, per agent, which tasks were graded and which the cap left out.
/// </summary>
public sealed class BurstEvaluationOrchestrator : TaskOrchestrator<BurstInput, BurstReport>
{
    public override async Task<BurstReport> RunAsync(TaskOrchestrationContext context, BurstInput input)
    {
        var results = new List<BurstAgentResult>();
        string? stopped = null;
        IReadOnlyList<string>? planned = null;
        foreach (var agent in input.Agents)
        {
            if (stopped is not null)
            {
                results.Add(new BurstAgentResult(agent.Label, [], planned ?? [], 0, new Dictionary<int, double>()));
                continue;
            }

            // Cached when the agent's run built it in this flavour; a suite of another kind (task images) builds it once here.
            context.SetCustomStatus($"building {agent.Label}");
            var build = await context.BuildAsync(new BuildInput(new NodeRef(input.EvaluationId, agent.Label), agent.SnapshotHash, input.PollSeconds));
            if (build is not { Outcome.Succeeded: true })
            {
                results.Add(new BurstAgentResult(agent.Label, [], planned ?? [], 0, new Dictionary<int, double>()));
                stopped = build is null ? $"the budget refused the build of {agent.Label}" : null;
                continue;
            }

            context.SetCustomStatus($"evaluating {agent.Label}");
            var output = await context.EvaluateAsync(new EvaluationInput(input.EvaluationId, agent.Label, build.BuildKey, ApplyGates: false, input.PollSeconds));
            planned = output.Planned;
            var graded = output.Stages.SelectMany(s => s.Tasks).ToList();
            var summary = EvaluationSummary.Of(graded);
            var evaluated = graded.Select(t => t.TaskId).ToList();
            results.Add(new BurstAgentResult(agent.Label, evaluated, output.Planned.Except(evaluated).ToList(), summary.Accuracy, summary.PassAtK));
            if (output.BudgetExhausted)
            {
                stopped = output.StoppedBecause;
            }
        }

        context.SetCustomStatus(stopped is null ? "completed" : $"stopped: {stopped}");
        return new BurstReport(results, stopped);
    }
}
