using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>
/// A snapshot is built once per flavour: its build record and binaries are content-addressed by the snapshot's hash
/// and the flavour the run's suite needs.
/// </summary>
public sealed class FindBuildActivity(RunCatalog catalog, IArtifactStore store) : TaskActivity<BuildRef, PublishedBuild?>
{
    public override async Task<PublishedBuild?> RunAsync(TaskActivityContext context, BuildRef input)
    {
        var flavour = await catalog.AgentBuildAsync(input.RunId);
        var record = await store.GetAsync(ArtifactKeys.BuildRecord(input.SnapshotHash, flavour));
        return record is null ? null : new PublishedBuild(DgmJson.Deserialize<BuildOutcome>(record.Content, record.Key), ArtifactKeys.Build(input.SnapshotHash, flavour));
    }
}
