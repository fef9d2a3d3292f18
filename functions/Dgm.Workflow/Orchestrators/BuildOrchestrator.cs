using Dgm.Core.Sandbox;
using Dgm.Workflow.Activities;
using Microsoft.DurableTask;
using Dgm.Jobs;

namespace Dgm.Workflow.Orchestrators;

/// <summary>Builds a snapshot once: a cached build is reused; otherwise a build job compiles it and runs its self-test.</summary>
public sealed class BuildOrchestrator : TaskOrchestrator<BuildInput, PublishedBuild?>
{
    public override async Task<PublishedBuild?> RunAsync(TaskOrchestrationContext context, BuildInput input)
    {
        var cached = await context.FindBuildAsync(new BuildRef(input.Node.RunId, input.SnapshotHash));
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
        var outcome = await context.RunJobAsync(request);
        return outcome.Refusal is not null
            ? null
            : await context.PublishBuildAsync(new PublishBuildInput(input.Node, input.SnapshotHash, request, outcome));
    }
}
