using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;
using Dgm.Jobs;

namespace Dgm.Workflow.Orchestrators;

/// <summary>Builds a snapshot once: a cached build is reused; otherwise a build job compiles it and runs its self-test.</summary>
public sealed class BuildOrchestrator : TaskOrchestrator<BuildInput, BuildResult?>
{
    public override async Task<BuildResult?> RunAsync(TaskOrchestrationContext context, BuildInput input)
    {
        var cached = await context.CallActivityAsync<BuildResult?>(nameof(FindBuildActivity), input.SnapshotHash, Retries.Transient);
        if (cached is not null)
        {
            return cached;
        }

        var request = new JobRequest
        {
            RunId = input.Node.RunId,
            JobId = $"{input.Node.NodeId}-build",
            Kind = StepKind.Build,
            NodeId = input.Node.NodeId,
            SnapshotKey = Core.Artifacts.ArtifactKeys.Snapshot(input.SnapshotHash),
            PollSeconds = input.PollSeconds,
        };
        var outcome = await context.CallSubOrchestratorAsync<JobOutcome>(nameof(SandboxJobOrchestrator), request);
        return outcome.Refusal is not null
            ? null
            : await context.CallActivityAsync<BuildResult>(nameof(PublishBuildActivity), new PublishBuildInput(input.Node, input.SnapshotHash, request, outcome), Retries.Transient);
    }
}
