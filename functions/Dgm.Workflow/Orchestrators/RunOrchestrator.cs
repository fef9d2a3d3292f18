using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Diagnosis;
using Dgm.Core.Runs;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Orchestrators;

/// <summary>
/// A DGM run, one iteration per generation: select parents → one self-improvement sub-orchestration per child →
/// grade the admitted children on the held-out tasks, if the run holds any out → commit the iteration (admission + record) → check limits and the approval gate → ContinueAsNew with the small
/// run state, so history stays small however many iterations run. Iteration 0 evaluates the seed. A run with
/// <c>"loop": "steady"</c> goes on in turns of the <see cref="SteadyLoop"/> instead of generations.
/// </summary>
public sealed class RunOrchestrator : TaskOrchestrator<RunState, RunOutcome>
{
    public const string ApprovalEvent = "approval";

    public override async Task<RunOutcome> RunAsync(TaskOrchestrationContext context, RunState state)
    {
        try
        {
            return await RunIterationAsync(context, state);
        }
        catch (TaskFailedException ex)
        {
            // An activity or sub-orchestration failed past its retries: the run says so itself, on every host, instead
            // of staying "running" in run.json with no orchestration behind it.
            return await FinishAsync(context, state, RunStatus.Failed, $"iteration {state.Iteration} failed: {ex.FailureDetails.ErrorMessage}");
        }
    }

    private static async Task<RunOutcome> RunIterationAsync(TaskOrchestrationContext context, RunState state)
    {
        var settings = await context.LoadRunSettingsAsync(state.RunId);
        CommitOutput commit;
        if (state.Iteration == 0)
        {
            Progress(context, state, 1, null, "evaluating the seed");
            var seedPlan = new ChildPlan(0, ArchiveNode.SeedId, ArchiveNode.SeedId, settings.SeedSnapshot, ArchiveNode.SeedId, settings.SeedSnapshot, new DiagnosisEntry(DiagnosisKind.Task, null));
            var seed = await context.EvaluateSeedAsync(new ChildInput(state.RunId, 0, seedPlan, settings.PollSeconds));
            var seedHeldOut = seed is { Summary.Status: NodeStatus.Seed, BudgetExhausted: false } ? await GradeHeldOutAsync(context, state, settings, [seed.Summary]) : null;
            commit = await CommitAsync(context, state, [], seed is { Summary: { } s } ? [s] : [], seed.Refusal is { } r ? [r] : []);
            if (seed.Summary is not { Status: NodeStatus.Seed } || commit.Record.Admitted.Count == 0)
            {
                return await FinishAsync(context, state, RunStatus.Failed, $"the seed agent could not be evaluated: {seed.Summary?.Reason ?? seed.Refusal}");
            }

            if (seed.BudgetExhausted)
            {
                return await FinishAsync(context, state, RunStatus.Stopped, $"budget exhausted while evaluating the seed: {seed.Summary.Reason}");
            }

            if (seedHeldOut is not null)
            {
                return await FinishAsync(context, state, RunStatus.Stopped, $"budget exhausted while grading the held-out tasks: {seedHeldOut}");
            }

            if (settings.Loop == LoopKind.Steady)
            {
                return ContinueAsNew(context, state with { Iteration = 1, Steady = SteadyState.Begin }, Progress(context, state, 0, commit, "committed"));
            }
        }
        else if (settings.Loop == LoopKind.Steady)
        {
            // A resumed or extended steady run carries no steady state: it is rebuilt from the records.
            return await SteadyLoop.RunAsync(context, state.Steady is null ? await SteadyLoop.RecoverAsync(context, state, settings) : state, settings);
        }
        else
        {
            if (state.Iteration > settings.Iterations)
            {
                return await FinishAsync(context, state, RunStatus.Completed, $"all {settings.Iterations} iterations ran");
            }

            if (context.CurrentUtcDateTime - state.StartedAt.UtcDateTime > TimeSpan.FromMinutes(settings.WallTimeMinutes))
            {
                return await FinishAsync(context, state, RunStatus.Stopped, $"budget.wallTimeMinutes ({settings.WallTimeMinutes}) reached before iteration {state.Iteration}");
            }

            var plans = await context.SelectParentsAsync(new IterationInput(state.RunId, state.Iteration));
            Progress(context, state, plans.Count, null, "self-improving");
            var children = await Task.WhenAll(plans.Select(plan => context.SelfImproveAsync(new ChildInput(state.RunId, state.Iteration, plan, settings.PollSeconds))));
            var exhausted = children.FirstOrDefault(c => c.BudgetExhausted);
            var heldOut = exhausted is null ? await GradeHeldOutAsync(context, state, settings, children.Select(c => c.Summary).OfType<ChildSummary>().Where(c => c.Status == NodeStatus.Admitted)) : null;
            commit = await CommitAsync(context, state, plans, children.Where(c => c.Summary is not null).Select(c => c.Summary!).ToList(), children.Where(c => c.Refusal is not null).Select(c => c.Refusal!).ToList());
            if (exhausted is not null)
            {
                return await FinishAsync(context, state, RunStatus.Stopped, $"budget exhausted in iteration {state.Iteration}: {exhausted.Refusal ?? exhausted.Summary?.Reason}");
            }

            if (heldOut is not null)
            {
                return await FinishAsync(context, state, RunStatus.Stopped, $"budget exhausted in iteration {state.Iteration} while grading the held-out tasks: {heldOut}");
            }
        }

        if (settings.ApprovalRequired && state.Iteration < settings.Iterations
            && await AwaitApprovalAsync(context, state, commit, settings, $"iteration {state.Iteration}") is { } refused)
        {
            return await FinishAsync(context, state, RunStatus.Stopped, refused);
        }

        return ContinueAsNew(context, state with { Iteration = state.Iteration + 1 }, Progress(context, state, 0, commit, "committed"));
    }

    /// <summary>Waits at the approval gate after <paramref name="after"/>; returns why the run stops, or null when approved.</summary>
    internal static async Task<string?> AwaitApprovalAsync(TaskOrchestrationContext context, RunState state, CommitOutput? commit, RunSettings settings, string after)
    {
        Progress(context, state, 0, commit, "waiting for approval");
        try
        {
            var decision = await context.WaitForExternalEvent<ApprovalDecision>(ApprovalEvent, TimeSpan.FromMinutes(settings.ApprovalTimeoutMinutes));
            return decision.Approved ? null : $"approval refused after {after}: {decision.Comment}";
        }
        catch (TaskCanceledException)
        {
            return $"no approval within {settings.ApprovalTimeoutMinutes} minutes after {after}";
        }
    }

    /// <summary>Goes on in a new execution with <paramref name="next"/>, so the history holds one iteration (or one turn) at most.</summary>
    internal static RunOutcome ContinueAsNew(TaskOrchestrationContext context, RunState next, RunProgress progress)
    {
        context.ContinueAsNew(next with { Progress = progress });
        return new RunOutcome(RunStatus.Running, "continued", next.Iteration - 1);
    }

    /// <summary>
    /// Grades the iteration's admitted nodes on the held-out tasks before the commit, so a resumed iteration grades
    /// whatever it had not recorded yet. Returns why grading stopped for the budget, or null.
    /// </summary>
    private static async Task<string?> GradeHeldOutAsync(TaskOrchestrationContext context, RunState state, RunSettings settings, IEnumerable<ChildSummary> admitted)
    {
        if (!settings.GradesHeldOut)
        {
            return null;
        }

        var graded = await Task.WhenAll(admitted.Select(node => context.GradeHeldOutAsync(new HeldOutInput(state.RunId, node.Id, settings.PollSeconds))));
        return graded.FirstOrDefault(g => g.StoppedBecause is not null) is { } stopped ? $"{stopped.NodeId}: {stopped.StoppedBecause}" : null;
    }

    private static Task<CommitOutput> CommitAsync(TaskOrchestrationContext context, RunState state, IReadOnlyList<ChildPlan> plans, IReadOnlyList<ChildSummary> children, IReadOnlyList<string> refused) =>
        context.CommitIterationAsync(new CommitInput(state.RunId, state.Iteration, plans, children, refused));

    internal static async Task<RunOutcome> FinishAsync(TaskOrchestrationContext context, RunState state, RunStatus status, string reason)
    {
        await context.FinishRunAsync(new FinishInput(state.RunId, status, reason));
        Progress(context, state, 0, null, $"{status}: {reason}");
        return new RunOutcome(status, reason, state.Iteration);
    }

    /// <summary>Publishes progress; between commits it repeats the last committed figures carried in the run state.</summary>
    internal static RunProgress Progress(TaskOrchestrationContext context, RunState state, int inFlight, CommitOutput? commit, string phase)
    {
        var progress = new RunProgress(
            state.Iteration,
            inFlight,
            commit?.Record.BestNodeId ?? state.Progress?.BestNodeId,
            commit?.Record.BestAccuracy ?? state.Progress?.BestAccuracy,
            commit?.Spent.Dollars ?? state.Progress?.DollarsSpent ?? 0,
            commit?.Spent.Tokens ?? state.Progress?.TokensSpent ?? 0,
            phase);
        context.SetCustomStatus(progress);
        return progress;
    }
}
