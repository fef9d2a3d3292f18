using Dgm.Core.Harness;
using Dgm.Jobs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Turns a grading job's result and the runner's report into the attempt's status.</summary>
public sealed class JudgeGradeActivity(RunCatalog catalog) : TaskActivity<JudgeInput, Judged>
{
    public override async Task<Judged> RunAsync(TaskActivityContext context, JudgeInput input)
    {
        var outputs = new JobOutputs(catalog.Artifacts, new StartJobInput(input.Request, input.Outcome.LaunchId).Identity);
        var (status, error) = GradeVerdict.Of(input.Outcome.Result!, await outputs.ReportAsync());
        return new Judged(status, error, outputs.Key(StepOutputs.TestLog));
    }
}
