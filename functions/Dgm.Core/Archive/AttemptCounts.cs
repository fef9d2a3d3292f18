namespace Dgm.Core.Archive;

/// <summary>Graded attempts and how many resolved their task; an empty patch counts as submitted.</summary>
public readonly record struct AttemptCounts(int Resolved, int Submitted)
{
    public double Accuracy => Submitted == 0 ? 0 : (double)Resolved / Submitted;

    public static AttemptCounts operator +(AttemptCounts left, AttemptCounts right) =>
        new(left.Resolved + right.Resolved, left.Submitted + right.Submitted);

    public static AttemptCounts Of(IEnumerable<TaskOutcome> tasks)
    {
        var counts = default(AttemptCounts);
        foreach (var task in tasks)
        {
            counts += new AttemptCounts(task.Resolved, task.Attempts.Count);
        }

        return counts;
    }
}
