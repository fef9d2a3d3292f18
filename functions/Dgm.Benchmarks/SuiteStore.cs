using Dgm.Core;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;

namespace Dgm.Benchmarks;

/// <summary>
/// Writes an imported suite to the artifact store (<c>benchmarks/{name}/…</c>). Suites are inputs, not run records:
/// re-importing replaces what changed; a run records the hash of the manifest it used.
/// </summary>
public static class SuiteStore
{
    /// <param name="taskStored">Called after each task, so a long import can show how far it is.</param>
    public static async Task<SuiteManifest> WriteAsync(IArtifactStore store, ImportedSuite suite, Action? taskStored = null, CancellationToken cancellationToken = default)
    {
        foreach (var imported in suite.Tasks)
        {
            var id = imported.Task.Id;
            await ReplaceAsync(store, SuiteLayout.Task(suite.Name, id), DgmJson.Serialize(imported.Task), cancellationToken);
            await ReplaceAsync(store, SuiteLayout.Problem(suite.Name, id), System.Text.Encoding.UTF8.GetBytes(imported.Task.ProblemStatement), cancellationToken);
            if (imported.Workspace is { } workspace)
            {
                await ReplaceAsync(store, SuiteLayout.Workspace(suite.Name, id), workspace, cancellationToken);
            }

            if (imported.Hidden is { } hidden)
            {
                await ReplaceAsync(store, SuiteLayout.Hidden(suite.Name, id), hidden, cancellationToken);
            }

            if (imported.HiddenPatch is { } hiddenPatch)
            {
                await ReplaceAsync(store, SuiteLayout.HiddenPatch(suite.Name, id), System.Text.Encoding.UTF8.GetBytes(hiddenPatch), cancellationToken);
            }

            if (imported.Gold is { } gold)
            {
                await ReplaceAsync(store, SuiteLayout.Gold(suite.Name, id), System.Text.Encoding.UTF8.GetBytes(gold), cancellationToken);
            }

            taskStored?.Invoke();
        }

        var manifest = new SuiteManifest { Name = suite.Name, Description = suite.Description, Tasks = suite.Tasks.Select(t => t.Task.Id).ToList() };
        await ReplaceAsync(store, SuiteLayout.Manifest(suite.Name), DgmJson.Serialize(manifest), cancellationToken);
        return manifest;
    }

    private static async Task ReplaceAsync(IArtifactStore store, string key, byte[] content, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(key, cancellationToken);
        if (current is null || current.Sha256 != ContentHash.Of(content))
        {
            await store.PutMutableAsync(key, content, current?.Version, cancellationToken);
        }
    }
}
