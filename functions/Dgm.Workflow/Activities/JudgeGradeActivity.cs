using Dgm.Core.Artifacts;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// Turns a grading job's result, the runner's report and the task's test report, checked against the tests its
/// verification recorded, into the attempt's status.
/// </summary>
public sealed class JudgeGradeActivity(RunCatalog catalog, IArtifactStore store) : TaskActivity<JudgeInput, Judged>
{
    public override async Task<Judged> RunAsync(TaskActivityContext context, JudgeInput input)
    {
        var task = (await catalog.SuiteAsync(input.Request.RunId)).Task(input.Request.TaskId ?? throw new InvalidDataException("a grade job needs its task id"));
        var outputs = new JobOutputs(store, new StartJobInput(input.Request, input.Outcome.LaunchId).Identity);
        var (status, error, tests) = await GradeVerdict.JudgeAsync(input.Outcome.Result!, outputs, task, await catalog.ExpectedTestsAsync(input.Request.RunId, task));
        return new Judged(status, error, outputs.Key(StepOutputs.TestLog), tests);
    }
}
