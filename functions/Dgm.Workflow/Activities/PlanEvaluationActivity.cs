using Dgm.Core.Evaluation;
using Dgm.Core.Runs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>The run's stage plan and the second-best full score of the archive as it stands now (the last gate's threshold).</summary>
public sealed class PlanEvaluationActivity(RunCatalog catalog, RunStore runs) : TaskActivity<NodeRef, EvaluationPlan>
{
    public override async Task<EvaluationPlan> RunAsync(TaskActivityContext context, NodeRef input)
    {
        var config = await catalog.ConfigAsync(input.RunId);
        var (stages, skipped) = await catalog.StagesAsync(input.RunId);
        var archive = await runs.ArchiveAsync(input.RunId);
        return new EvaluationPlan(
            stages,
            config.Stages,
            StageGate.SecondBestFullScore(archive, stages.Count(s => s.Count > 0)),
            config.Attempts,
            config.MaxParallelJobs,
            skipped);
    }
}
