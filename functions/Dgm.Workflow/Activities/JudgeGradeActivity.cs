using Dgm.Core.Artifacts;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Turns a grading job's result and the runner's report into the attempt's status.</summary>
public sealed class JudgeGradeActivity(IArtifactStore store) : TaskActivity<JudgeInput, Judged>
{
    public override async Task<Judged> RunAsync(TaskActivityContext context, JudgeInput input)
    {
        var outputs = new JobOutputs(store, new StartJobInput(input.Request, input.Outcome.LaunchId).Identity);
        var (status, error) = GradeVerdict.Of(input.Outcome.Result!, await outputs.ReportAsync());
        return new Judged(status, error, outputs.Key(StepOutputs.TestLog));
    }
}
