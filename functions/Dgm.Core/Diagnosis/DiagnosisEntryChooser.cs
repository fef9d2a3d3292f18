using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Core.Diagnosis;

/// <summary>
/// The reference's choice of what to diagnose: solve_empty_patches when at least 10% of the parent's tasks had
/// empty patches and a 0.25 draw succeeds; else solve_stochasticity on a 0.25 draw; else solve_contextlength when
/// context-length errors recur and a 0.25 draw succeeds; else a randomly chosen failed task.
/// </summary>
public static class DiagnosisEntryChooser
{
    public const double EmptyPatchShare = 0.1;
    public const double SpecialEntryChance = 0.25;

    /// <summary>Context-length refusals within one attempt from which the problem counts as recurring.</summary>
    public const int RecurringContextErrors = 2;

    public static DiagnosisEntry Choose(IReadOnlyList<TaskOutcome> outcomes, DeterministicRandom random)
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

    private static string? PickTask(IReadOnlyList<TaskOutcome> tasks, DeterministicRandom random) =>
        tasks.Count == 0 ? null : tasks[random.NextInt(tasks.Count)].TaskId;
}
