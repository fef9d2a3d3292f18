using Dgm.Core.Archive;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;

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
            Kind = SandboxJobKind.Solve,
            NodeId = input.NodeId,
            TaskId = input.Task.Id,
            BuildKey = input.BuildKey,
            PollSeconds = input.PollSeconds,
        };
        var solve = await context.CallSubOrchestratorAsync<JobOutcome>(nameof(SandboxJobOrchestrator), solveRequest);
        if (solve.Refusal is { } refused)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, null, refused.Message);
        }

        var patch = await context.CallActivityAsync<GradePatch>(nameof(PrepareGradePatchActivity), new GradePatchInput(input, solveRequest, solve), Retries.Transient);
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
        if (solve.Result?.Error is { } solveError)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt with { Status = AttemptStatus.Error, Error = $"solve: {solveError}" }, null);
        }

        if (patch.IsEmpty)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt, null);
        }

        var gradeRequest = solveRequest with { JobId = $"{input.NodeId}-grade-{input.Task.Id}-a{input.Attempt}", Kind = SandboxJobKind.Grade, PatchKey = patch.PatchKey, BuildKey = null };
        var grade = await context.CallSubOrchestratorAsync<JobOutcome>(nameof(SandboxJobOrchestrator), gradeRequest);
        if (grade.Refusal is { } gradeRefused)
        {
            return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, null, gradeRefused.Message);
        }

        var (status, error) = GradeVerdict.Of(grade.Result!);
        return new AttemptResult(input.Task.Id, input.Task.Language, input.Attempt, attempt with
        {
            Status = status,
            Error = error,
            TestOutputKey = HarnessJobs.OutputKey(new JobIdentity(input.RunId, input.NodeId, gradeRequest.JobId, grade.LaunchId), "test.log"),
            SandboxSeconds = attempt.SandboxSeconds + grade.Result!.Usage.WallSeconds,
        }, null);
    }
}
