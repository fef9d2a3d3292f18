using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Publishes a build job's binaries and outcome under the snapshot's hash and flavour; the first build of a snapshot wins.</summary>
public sealed class PublishBuildActivity(RunCatalog catalog, IArtifactStore store) : TaskActivity<PublishBuildInput, PublishedBuild>
{
    public override async Task<PublishedBuild> RunAsync(TaskActivityContext context, PublishBuildInput input)
    {
        var flavour = await catalog.AgentBuildAsync(input.Node.RunId);
        var key = ArtifactKeys.Build(input.SnapshotHash, flavour);
        var outputs = new JobOutputs(store, new StartJobInput(input.Request, input.Outcome.LaunchId).Identity);
        var result = input.Outcome.Result!;
        var report = result.Error is null ? await outputs.ReportAsync() : null;
        var built = report?.Publish is { Succeeded: true };
        var selfTested = built && report!.SelfTest is { Succeeded: true };
        var outcome = new BuildOutcome
        {
            Built = built,
            SelfTestPassed = selfTested,
            LogKey = outputs.Key(built ? StepOutputs.SelfTestLog : StepOutputs.BuildLog),
            Error = result.Error ?? report?.Failure ?? (report is null ? "the build job left no report" : null),
        };
        if (!built)
        {
            // A failed build is not cached: the next child with this snapshot gets its own attempt and log.
            return new PublishedBuild(outcome, key);
        }

        var binaries = await outputs.BytesAsync(StepOutputs.ArtifactName(StepOutputs.Agent, folder: true)) ?? throw new InvalidOperationException($"The build of {input.SnapshotHash} succeeded but uploaded no binaries.");
        await PutFirstAsync(key, binaries);
        await PutFirstAsync(ArtifactKeys.BuildRecord(input.SnapshotHash, flavour), DgmJson.Serialize(outcome));
        var winner = await store.GetAsync(ArtifactKeys.BuildRecord(input.SnapshotHash, flavour));
        return new PublishedBuild(DgmJson.Deserialize<BuildOutcome>(winner!.Content, winner.Key), key);
    }

    /// <summary>Two builds of one snapshot can race; their binaries differ in bytes but not in behaviour, so the first stays.</summary>
    private async Task PutFirstAsync(string key, byte[] content)
    {
        try
        {
            await store.PutAsync(key, content);
        }
        catch (ArtifactConflictException)
        {
        }
    }
}
