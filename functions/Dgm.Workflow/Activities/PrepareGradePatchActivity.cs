using System.Text;
using System.Text.Unicode;
using Dgm.Core.Artifacts;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Jobs;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;

namespace Dgm.Workflow.Activities;

/// <summary>Strips the solve patch of every file section on a protected or non-editable path (or outside the workspace) and stores what grading may apply.</summary>
public sealed class PrepareGradePatchActivity(RunCatalog catalog, IArtifactStore store) : TaskActivity<GradePatchInput, GradePatch>
{
    /// <summary>The patch as grading applies it, stored beside the solve job's outputs.</summary>
    public const string GradedPatch = "graded.diff";

    public override async Task<GradePatch> RunAsync(TaskActivityContext context, GradePatchInput input)
    {
        var launch = new StartJobInput(input.Request, input.Outcome.LaunchId);
        var outputs = new JobOutputs(store, launch.Identity);
        var suite = await catalog.SuiteAsync(input.Attempt.RunId);
        var task = suite.Task(input.Attempt.Task.Id);
        var report = await outputs.ReportAsync();
        var patch = await outputs.BytesAsync(StepOutputs.Patch) ?? [];
        // Filtering reads text; bytes that are not UTF-8 would come back altered, so such a patch is refused, not mangled.
        var filtered = Utf8.IsValid(patch)
            ? PatchFilter.Apply(Encoding.UTF8.GetString(patch), task.ProtectedPaths, task.EditablePaths)
            : new FilteredPatch("", ["the whole patch (it is not UTF-8)"], "the patch is not UTF-8: a file it changes as text holds other bytes");
        var key = outputs.Key(GradedPatch);
        await store.PutAsync(key, Encoding.UTF8.GetBytes(filtered.Patch));

        var usage = await MeteredChatClient.ReadUsageAsync(store, launch.Request.RunId, launch.LaunchKey);
        var transcript = outputs.Key(StepOutputs.Transcript);
        return new GradePatch(key, filtered.IsEmpty, filtered.Dropped, await store.ExistsAsync(transcript) ? transcript : null, usage.ContextLengthErrors, usage.TotalTokens)
        {
            SolveFailure = input.Outcome.Result?.Error ?? report?.Failure ?? (report is null ? "the solve job left no report" : null) ?? filtered.Error,
        };
    }
}
