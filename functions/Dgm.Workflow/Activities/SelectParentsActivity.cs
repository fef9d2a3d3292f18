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
    public override async Task<IReadOnlyList<ChildPlan>> RunAsync(TaskActivityContext context, IterationInput input)
    {
        var config = await catalog.ConfigAsync(input.RunId);
        var archive = await runs.ArchiveAsync(input.RunId);
        var style = DiagnosisStyles.Of(await catalog.SuiteAsync(input.RunId));
        return ParentSelection.Select(archive, config.Selection, config.ChildrenPerIteration, config.Seed, input.Iteration)
            .Select(pick =>
            {
                var parent = archive.Get(pick.ParentId);
                var entry = DiagnosisEntryChooser.Choose(parent.Outcomes.ToList(), style, DeterministicRandom.For(config.Seed, input.Iteration, pick.Slot, "entry"));
                return new ChildPlan(pick.Slot, ChildPlan.IdFor(input.Iteration, pick.Slot), parent.Id, parent.SnapshotHash!, pick.ModifierId, archive.Get(pick.ModifierId).SnapshotHash!, entry);
            })
            .ToList();
    }
}
