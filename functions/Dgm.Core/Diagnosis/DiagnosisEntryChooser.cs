using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Diagnosis;

/// <summary>
/// The reference's choice of what to diagnose, in its two designs. Issues (SWE-bench): solve_empty_patches when at
/// least 10% of the parent's tasks had empty patches and a 0.25 draw succeeds; else solve_stochasticity on a 0.25
/// draw; else solve_contextlength when context-length errors recur and a 0.25 draw succeeds; else a randomly chosen
/// failed task. Exercises (Polyglot): a randomly chosen empty or unresolved task (any task when there is none), then
/// the stochasticity question on a 0.25 draw, else the empty-patch question when that task's patch was empty.
/// </summary>
public static class DiagnosisEntryChooser
{
    public const double EmptyPatchShare = 0.1;
    public const double SpecialEntryChance = 0.25;

    /// <summary>Context-length refusals within one attempt from which the problem counts as recurring.</summary>
    public const int RecurringContextErrors = 2;

    public static DiagnosisEntry Choose(IReadOnlyList<TaskOutcome> outcomes, DiagnosisStyle style, DeterministicRandom random) =>
        style == DiagnosisStyle.Issues ? ChooseForIssues(outcomes, random) : ChooseForExercises(outcomes, random);

    private static DiagnosisEntry ChooseForIssues(IReadOnlyList<TaskOutcome> outcomes, DeterministicRandom random)
    {
        var empty = outcomes.Where(t => t.Verdict == AttemptStatus.EmptyPatch).ToList();
        var failed = outcomes.Where(t => t.Verdict != AttemptStatus.Resolved).ToList();

        if (outcomes.Count > 0 && empty.Count >= EmptyPatchShare * outcomes.Count && random.NextDouble() < SpecialEntryChance)
        {
            return new(DiagnosisKind.SolveEmptyPatches, PickTask(empty, random));
        }

        if (random.NextDouble() < SpecialEntryChance)
        {
            return new(DiagnosisKind.SolveStochasticity, PickTask(failed.Count > 0 ? failed : outcomes, random));
        }

        var overflowing = outcomes.Where(t => t.Attempts.Any(a => a.ContextLengthErrors >= RecurringContextErrors)).ToList();
        if (overflowing.Count > 0 && random.NextDouble() < SpecialEntryChance)
        {
            return new(DiagnosisKind.SolveContextLength, PickTask(overflowing, random));
        }

        var pool = failed.Count > 0 ? failed : outcomes;
        return pool.Count == 0
            ? new(DiagnosisKind.SolveStochasticity, null)
            : new(DiagnosisKind.Task, PickTask(pool, random));
    }

    private static DiagnosisEntry ChooseForExercises(IReadOnlyList<TaskOutcome> outcomes, DeterministicRandom random)
    {
        // Tasks that ended in a grading error are the harness's fault, so they are not diagnosed unless nothing else is left.
        var failed = outcomes.Where(t => t.Verdict != AttemptStatus.Resolved && !t.Attempts.All(a => a.Status == AttemptStatus.Error)).ToList();
        var pool = failed.Count > 0 ? failed : outcomes;
        if (pool.Count == 0)
        {
            return new(DiagnosisKind.SolveStochasticity, null);
        }

        var task = pool[random.NextInt(pool.Count)];
        return random.NextDouble() < SpecialEntryChance ? new(DiagnosisKind.SolveStochasticity, task.TaskId)
            : task.Verdict == AttemptStatus.EmptyPatch ? new(DiagnosisKind.SolveEmptyPatches, task.TaskId)
            : new(DiagnosisKind.Task, task.TaskId);
    }

    private static string? PickTask(IReadOnlyList<TaskOutcome> tasks, DeterministicRandom random) =>
        tasks.Count == 0 ? null : tasks[random.NextInt(tasks.Count)].TaskId;
}
