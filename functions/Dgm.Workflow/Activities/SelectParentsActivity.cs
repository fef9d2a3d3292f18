using Dgm.Core.Diagnosis;
using Dgm.Core.Randomness;
using Dgm.Core.Runs;
using Dgm.Core.Selection;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Chooses the iteration's parents and each parent's diagnosis entry, from generators seeded by (run seed, iteration, slot).</summary>
public sealed class SelectParentsActivity(RunCatalog catalog, RunStore runs) : TaskActivity<IterationInput, IReadOnlyList<ChildPlan>>
{
    public override async Task<IReadOnlyList<ChildPlan>> RunAsync(TaskActivityContext context, IterationInput input) =>
        await PlanAsync(catalog, runs, input.RunId, [input.Iteration], children: null, ChildPlan.IdFor);

    /// <summary>
    /// Plans <paramref name="children"/> children (the configured number when null) for each of
    /// <paramref name="iterations"/>, all from the archive as committed now, with draws seeded by (run seed, iteration,
    /// slot); <paramref name="childId"/> names the child of an iteration and slot.
    /// </summary>
    internal static async Task<IReadOnlyList<ChildPlan>> PlanAsync(RunCatalog catalog, RunStore runs, string runId, IReadOnlyList<int> iterations, int? children, Func<int, int, string> childId)
    {
        var config = await catalog.ConfigAsync(runId);
        var archive = await runs.ArchiveAsync(runId);
        var style = DiagnosisStyles.Of(await catalog.SuiteAsync(runId));
        var picks = iterations.SelectMany(iteration => ParentSelection.Select(archive, config.Selection, children ?? config.ChildrenPerIteration, config.Seed, iteration).Select(pick => (Iteration: iteration, Pick: pick))).ToList();
        // The archive holds no task outcomes; the diagnosis entry is chosen from the parent's own record.
        var parents = (await Task.WhenAll(picks.Select(p => p.Pick.ParentId).Distinct().Select(id => runs.GetNodeAsync(runId, id)))).ToDictionary(n => n.Id);
        return picks
            .Select(p =>
            {
                var parent = parents[p.Pick.ParentId];
                var entry = DiagnosisEntryChooser.Choose(parent.Outcomes.ToList(), style, DeterministicRandom.For(config.Seed, p.Iteration, p.Pick.Slot, "entry"));
                return new ChildPlan(p.Pick.Slot, childId(p.Iteration, p.Pick.Slot), parent.Id, parent.SnapshotHash!, p.Pick.ModifierId, archive.Get(p.Pick.ModifierId).SnapshotHash!, entry);
            })
            .ToList();
    }
}
