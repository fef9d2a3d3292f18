using Dgm.Core.Archive;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;
using Dgm.Jobs;

namespace Dgm.Workflow.Orchestrators;

/// <summary>One attempt of a node at a task: solve in one sandbox, filter the patch, grade in a fresh one.</summary>
public sealed class TaskAttemptOrchestrator : TaskOrchestrator<AttemptInput, AttemptResult>
{
    public override async Task<AttemptResult> RunAsync(TaskOrchestrationContext context, AttemptInput input)
    {
        var solveRequest = new JobRequest
        {
            RunId = input.RunId,
            JobId = $"{input.NodeId}-solve-{input.Task.Id}-a{input.Attempt}",
            Kind = StepKind.Solve,
            NodeId = input.NodeId,
            TaskId = input.Task.Id,
            BuildKey = input.BuildKey,
            PollSeconds = input.PollSeconds,
        };
        var solve = await context.RunJobAsync(solveRequest);
        if (solve.Refusal is { } refused)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, null, refused.Message);
        }

        var patch = await context.PrepareGradePatchAsync(new GradePatchInput(input, solveRequest, solve));
        var attempt = new AttemptOutcome
        {
            Status = AttemptStatus.EmptyPatch,
            PatchKey = patch.PatchKey,
            TranscriptKey = patch.TranscriptKey,
            DroppedFromPatch = patch.Dropped,
            ContextLengthErrors = patch.ContextLengthErrors,
            Tokens = patch.Tokens,
            SandboxSeconds = solve.Result?.Usage.WallSeconds ?? 0,
        };
        if (patch.SolveFailure is { } solveFailure)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt with { Status = AttemptStatus.Error, Error = $"solve: {solveFailure}" }, null);
        }

        if (patch.IsEmpty)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt, null);
        }

        // A grading error is the harness's fault, not the agent's: the patch is graded once more before it stands.
        var gradeSeconds = 0.0;
        Judged? judged = null;
        for (var grading = 0; grading < 2 && judged is not { Status: not AttemptStatus.Error }; grading++)
        {
            var gradeRequest = solveRequest with
            {
                JobId = $"{input.NodeId}-grade-{input.Task.Id}-a{input.Attempt}{(grading == 0 ? "" : "-again")}",
                Kind = StepKind.Grade,
                PatchKey = patch.PatchKey,
                BuildKey = null,
            };
            var grade = await context.RunJobAsync(gradeRequest);
            if (grade.Refusal is { } gradeRefused)
            {
                return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, null, gradeRefused.Message);
            }

            judged = await context.JudgeGradeAsync(new JudgeInput(gradeRequest, grade));
            gradeSeconds += grade.Result!.Usage.WallSeconds;
        }

        return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt with
        {
            Status = judged!.Status,
            Error = judged.Error,
            TestOutputKey = judged.TestOutputKey,
            Tests = judged.Tests,
            SandboxSeconds = attempt.SandboxSeconds + gradeSeconds,
        }, null);
    }
}
