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
        await PlanAsync(catalog, runs, input.RunId, input.Iteration, children: null, slot => ChildPlan.IdFor(input.Iteration, slot));

    /// <summary>
    /// Plans <paramref name="children"/> children (the configured number when null) from the archive as committed now,
    /// with draws seeded by (run seed, <paramref name="iteration"/>, slot).
    /// </summary>
    internal static async Task<IReadOnlyList<ChildPlan>> PlanAsync(RunCatalog catalog, RunStore runs, string runId, int iteration, int? children, Func<int, string> childId)
    {
        var config = await catalog.ConfigAsync(runId);
        var archive = await runs.ArchiveAsync(runId);
        var style = DiagnosisStyles.Of(await catalog.SuiteAsync(runId));
        var picks = ParentSelection.Select(archive, config.Selection, children ?? config.ChildrenPerIteration, config.Seed, iteration);
        // The archive holds no task outcomes; the diagnosis entry is chosen from the parent's own record.
        var parents = (await Task.WhenAll(picks.Select(p => p.ParentId).Distinct().Select(id => runs.GetNodeAsync(runId, id)))).ToDictionary(n => n.Id);
        return picks
            .Select(pick =>
            {
                var parent = parents[pick.ParentId];
                var entry = DiagnosisEntryChooser.Choose(parent.Outcomes.ToList(), style, DeterministicRandom.For(config.Seed, iteration, pick.Slot, "entry"));
                return new ChildPlan(pick.Slot, childId(pick.Slot), parent.Id, parent.SnapshotHash!, pick.ModifierId, archive.Get(pick.ModifierId).SnapshotHash!, entry);
            })
            .ToList();
    }
}
