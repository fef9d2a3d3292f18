using System.Security.Cryptography;
using System.Text;
using Dgm.Core.Configuration;

namespace Dgm.Core.Evaluation;

/// <summary>A task as the stage planner sees it.</summary>
public sealed record PlannedTask(string Id, string Language);

/// <summary>
/// Which tasks each stage adds. Tasks are ordered by SHA-256 of (split, id) within each language and the
/// languages are interleaved, so every stage is a stable, language-balanced sample; a different split key
/// draws a different sample. Stages take consecutive slices of what earlier stages left; a stage past the end of the
/// suite is empty. A stage with pinned task ids takes those of them the suite has (in its order) and no earlier stage took.
/// </summary>
public static class StagePlan
{
    public static IReadOnlyList<IReadOnlyList<PlannedTask>> Assign(IEnumerable<PlannedTask> tasks, IReadOnlyList<StageSpec> stages, string split)
    {
        var ordered = Order(tasks, split);
        var byId = ordered.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<IReadOnlyList<PlannedTask>>(stages.Count);
        foreach (var stage in stages)
        {
            var picked = stage.TaskIds is { } ids
                ? ids.Where(byId.ContainsKey).Select(id => byId[id]).Where(t => taken.Add(t.Id)).ToList()
                : ordered.Where(t => !taken.Contains(t.Id)).Take(stage.Tasks).ToList();
            taken.UnionWith(picked.Select(t => t.Id));
            result.Add(picked);
        }

        return result;
    }

    /// <summary>Pinned task ids the suite does not have, per stage: a configuration naming them cannot be run as written.</summary>
    public static IReadOnlyList<string> UnknownTaskIds(IEnumerable<string> suiteTaskIds, IReadOnlyList<StageSpec> stages)
    {
        var known = suiteTaskIds.ToHashSet(StringComparer.Ordinal);
        return stages
            .SelectMany((s, i) => (s.TaskIds ?? []).Where(id => !known.Contains(id)).Select(id => $"stages[{i}].taskIds: '{id}' is not a task of the suite"))
            .ToList();
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
