using Dgm.Core.Configuration;

namespace Dgm.Core.Evaluation;

/// <summary>
/// Which tasks a run trains on (its stages) and which it holds out. Held-out tasks are taken out of the suite before
/// the stages draw theirs, so no stage, and therefore no selection, admission or diagnosis, ever sees one. Pinned
/// held-out ids are taken as the suite has them; a held-out count is drawn from the tasks no stage pins, language-
/// balanced, in an order keyed apart from the stages' order.
/// </summary>
public sealed record RunTaskPlan(IReadOnlyList<IReadOnlyList<PlannedTask>> Stages, IReadOnlyList<PlannedTask> HeldOut)
{
    public static RunTaskPlan Of(IEnumerable<PlannedTask> tasks, RunConfig config)
    {
        var all = tasks.ToList();
        var heldOut = HeldOutOf(all, config);
        var ids = heldOut.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        return new(StagePlan.Assign(all.Where(t => !ids.Contains(t.Id)), config.Stages, config.Benchmark.Split), heldOut);
    }

    /// <summary>What the suite cannot give the held-out set as configured: ids it does not have, or fewer tasks than asked for.</summary>
    public static IReadOnlyList<ConfigProblem> Problems(IReadOnlyCollection<string> suiteTaskIds, string suite, RunConfig config)
    {
        switch (config.HeldOut)
        {
            case { TaskIds: { } ids }:
                var known = suiteTaskIds.ToHashSet(StringComparer.Ordinal);
                return ids.Where(id => !known.Contains(id))
                    .Select(id => new ConfigProblem("heldOut.taskIds", $"heldOut.taskIds: '{id}' is not a task of suite '{suite}'"))
                    .ToList();
            case { Tasks: { } count }:
                var free = Unpinned(suiteTaskIds, config.Stages).Count();
                return free >= count ? [] : [new ConfigProblem("heldOut.tasks", $"heldOut.tasks is {count} but suite '{suite}' has only {free} task(s) no stage pins")];
            default:
                return [];
        }
    }

    private static List<PlannedTask> HeldOutOf(List<PlannedTask> tasks, RunConfig config)
    {
        switch (config.HeldOut)
        {
            case { TaskIds: { } ids }:
                var pinned = ids.ToHashSet(StringComparer.Ordinal);
                return tasks.Where(t => pinned.Contains(t.Id)).ToList();
            case { Tasks: { } count }:
                var unpinned = Unpinned(tasks.Select(t => t.Id), config.Stages).ToHashSet(StringComparer.Ordinal);
                return StagePlan.Order(tasks.Where(t => unpinned.Contains(t.Id)), $"{config.Benchmark.Split}\nheld-out").Take(count).ToList();
            default:
                return [];
        }
    }

    private static IEnumerable<string> Unpinned(IEnumerable<string> taskIds, IReadOnlyList<StageSpec> stages)
    {
        var pinned = stages.SelectMany(s => s.TaskIds ?? []).ToHashSet(StringComparer.Ordinal);
        return taskIds.Where(id => !pinned.Contains(id));
    }
}
