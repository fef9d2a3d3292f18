using Dgm.Core.Archive;

namespace Dgm.Core.Evaluation;

/// <summary>Scores of a set of graded tasks: accuracy = resolved / submitted, pass@k, and the same per language.</summary>
public sealed record EvaluationSummary
{
    public required int Tasks { get; init; }

    /// <summary>Graded attempts; an empty patch counts as submitted.</summary>
    public required int Submitted { get; init; }

    public required int Resolved { get; init; }

    public double Accuracy => new AttemptCounts(Resolved, Submitted).Accuracy;

    /// <summary>Mean over tasks of the unbiased pass@k, for every k up to the fewest attempts of any task.</summary>
    public required IReadOnlyDictionary<int, double> PassAtK { get; init; }

    public IReadOnlyList<string> ResolvedIds { get; init; } = [];

    public IReadOnlyList<string> UnresolvedIds { get; init; } = [];

    public IReadOnlyList<string> EmptyPatchIds { get; init; } = [];

    public IReadOnlyList<string> ErrorIds { get; init; } = [];

    public IReadOnlyDictionary<string, EvaluationSummary> PerLanguage { get; init; } = new Dictionary<string, EvaluationSummary>();

    public static EvaluationSummary Of(IEnumerable<TaskOutcome> outcomes) => Build(outcomes.ToList(), perLanguage: true);

    private static EvaluationSummary Build(List<TaskOutcome> tasks, bool perLanguage)
    {
        var graded = tasks.Where(t => t.Attempts.Count > 0).ToList();
        var maxK = graded.Count == 0 ? 0 : graded.Min(t => t.Attempts.Count);
        var passAtK = new SortedDictionary<int, double>();
        for (var k = 1; k <= maxK; k++)
        {
            passAtK[k] = graded.Average(t => Evaluation.PassAtK.Estimate(t.Attempts.Count, t.Resolved, k));
        }

        var counts = AttemptCounts.Of(tasks);
        return new EvaluationSummary
        {
            Tasks = tasks.Count,
            Submitted = counts.Submitted,
            Resolved = counts.Resolved,
            PassAtK = passAtK,
            ResolvedIds = IdsWhere(tasks, s => s == AttemptStatus.Resolved),
            UnresolvedIds = IdsWhere(tasks, s => s == AttemptStatus.Unresolved),
            EmptyPatchIds = IdsWhere(tasks, s => s == AttemptStatus.EmptyPatch),
            ErrorIds = IdsWhere(tasks, s => s == AttemptStatus.Error),
            PerLanguage = perLanguage
                ? tasks.GroupBy(t => t.Language).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Build(g.ToList(), perLanguage: false))
                : new Dictionary<string, EvaluationSummary>(),
        };
    }

    /// <summary>SWE-bench's id lists: a task is listed under every status one of its attempts received.</summary>
    private static List<string> IdsWhere(List<TaskOutcome> tasks, Func<AttemptStatus, bool> status) =>
        tasks.Where(t => t.Attempts.Any(a => status(a.Status))).Select(t => t.TaskId).ToList();
}
