using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>A snapshot is built once: its build record and binaries are content-addressed by the snapshot's hash.</summary>
public sealed class FindBuildActivity(IArtifactStore store) : TaskActivity<string, PublishedBuild?>
{
    public override async Task<PublishedBuild?> RunAsync(TaskActivityContext context, string snapshotHash)
    {
        var record = await store.GetAsync(ArtifactKeys.BuildRecord(snapshotHash));
        return record is null ? null : new PublishedBuild(DgmJson.Deserialize<BuildOutcome>(record.Content, record.Key), ArtifactKeys.Build(snapshotHash));
    }
}
