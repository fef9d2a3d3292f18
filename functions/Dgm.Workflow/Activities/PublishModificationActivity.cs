using Dgm.Core.Artifacts;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Turns a self-modification job's outputs into the child's snapshot (content-addressed) and patch.</summary>
public sealed class PublishModificationActivity(IArtifactStore store) : TaskActivity<PublishInput, Modification>
{
    public override async Task<Modification> RunAsync(TaskActivityContext context, PublishInput input)
    {
        var result = input.Outcome.Result!;
        if (result.Error is { } error)
        {
            return new Modification(null, null, $"the self-modification job failed: {error}");
        }

        var outputs = new JobOutputs(store, new StartJobInput(input.Request, input.Outcome.LaunchId).Identity);
        var report = await outputs.ReportAsync();
        if (report?.Failure is { } failure)
        {
            return new Modification(null, null, $"the harness could not take the self-modification: {failure}");
        }

        var patch = await outputs.BytesAsync(StepOutputs.Patch);
        var snapshot = await outputs.BytesAsync(StepOutputs.Snapshot);
        if (report is null || patch is null || snapshot is null)
        {
            var why = result.TimedOut ? $"it was stopped at its {result.Usage.WallSeconds:0} s limit" : $"it exited with {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no code"}";
            return new Modification(null, null, $"the self-modification job left no patch ({why})");
        }

        if (patch.Length == 0)
        {
            return new Modification(null, null, $"the modifier agent changed nothing ({Describe(report.Agent)})");
        }

        var snapshotRef = await store.PutAsync(ArtifactKeys.Snapshot(ContentHash.Of(snapshot)), snapshot);
        var patchKey = ArtifactKeys.Patch(input.Node.RunId, input.Node.NodeId);
        var current = await store.GetAsync(patchKey);
        if (current?.Sha256 != ContentHash.Of(patch))
        {
            // An interrupted earlier attempt at this child may have published another patch; the node is not recorded yet, so the latest wins.
            await store.PutMutableAsync(patchKey, patch, current?.Version);
        }

        return new Modification(ContentHash.Of(patch), snapshotRef.Sha256, null);
    }

    private static string Describe(CommandResult? agent) =>
        agent is null ? "the agent did not run"
        : agent.TimedOut ? $"the agent was stopped after {agent.Seconds:0} s"
        : $"agent exit code {agent.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
}
