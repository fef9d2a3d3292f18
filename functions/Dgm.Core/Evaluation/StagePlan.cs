using System.Security.Cryptography;
using System.Text;
using Dgm.Core.Configuration;

namespace Dgm.Core.Evaluation;

/// <summary>A task as the stage planner sees it.</summary>
public sealed record PlannedTask(string Id, string Language);

/// <summary>
/// Which tasks each stage adds. Tasks are ordered by SHA-256 of (split, id) within each language and the
/// languages are interleaved, so every stage is a stable, language-balanced sample; a different split key
/// draws a different sample. Stages take consecutive slices; a stage past the end of the suite is empty.
/// </summary>
public static class StagePlan
{
    public static IReadOnlyList<IReadOnlyList<PlannedTask>> Assign(IEnumerable<PlannedTask> tasks, IReadOnlyList<StageSpec> stages, string split)
    {
        var ordered = Order(tasks, split);
        var result = new List<IReadOnlyList<PlannedTask>>(stages.Count);
        var next = 0;
        foreach (var stage in stages)
        {
            var take = Math.Min(stage.Tasks, ordered.Count - next);
            result.Add(ordered.GetRange(next, take));
            next += take;
        }

        return result;
    }

    internal static List<PlannedTask> Order(IEnumerable<PlannedTask> tasks, string split)
    {
        var byLanguage = tasks
            .GroupBy(t => t.Language, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<PlannedTask>(g.OrderBy(t => Key(split, t.Id), StringComparer.Ordinal)))
            .ToList();

        var ordered = new List<PlannedTask>();
        while (byLanguage.Any(q => q.Count > 0))
        {
            foreach (var queue in byLanguage)
            {
                if (queue.TryDequeue(out var task))
                {
                    ordered.Add(task);
                }
            }
        }

        return ordered;
    }

    private static string Key(string split, string id) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{split}\n{id}")));
}
