using System.Security.Cryptography;
using System.Text;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness;

/// <summary>
/// A task's verification as stored: the tests its gold patch passed (from the test runner's report; empty for a task
/// graded by exit code alone), which a later grade must see passed again, and whether the untouched workspace passes too.
/// </summary>
public sealed record SoundRecord(string TaskId, IReadOnlyList<string> ExpectedTests, bool PassesUntouched = false);

/// <summary>
/// Which tasks have been verified sound (gold resolved, untouched unresolved) in this environment. A sound
/// verification is stored under a fingerprint of the task (its record, workspace, hidden tests and gold patch) and of
/// the toolchains this host resolves for it, so it is reused until the suite or a toolchain changes. Runs and
/// evaluations refuse tasks without one, so no budget is spent on a task that cannot be solved or cannot fail.
/// </summary>
public sealed class SoundTasks(IArtifactStore store, IToolchainProbe toolchains)
{
    private const int RecordVersion = 2;

    /// <summary>
    /// Stores that <paramref name="task"/>'s gold patch resolves it here, with the tests it passed
    /// (<paramref name="passesUntouched"/>: its untouched workspace does too); tasks whose gold patch does not are not
    /// stored (they are reported).
    /// </summary>
    public async Task RecordAsync(string suite, BenchmarkTask task, IReadOnlyList<string> expectedTests, bool passesUntouched, CancellationToken cancellationToken = default)
    {
        var key = Key(suite, await FingerprintAsync(suite, task, cancellationToken));
        await store.PutAsync(key, DgmJson.Serialize(new SoundRecord(task.Id, expectedTests, passesUntouched)), cancellationToken);
    }

    /// <summary>The sound verification of <paramref name="task"/> as it is now; null when there is none.</summary>
    public async Task<SoundRecord?> FindAsync(string suite, BenchmarkTask task, CancellationToken cancellationToken = default)
    {
        var key = Key(suite, await FingerprintAsync(suite, task, cancellationToken));
        return await store.GetAsync(key, cancellationToken) is { } stored ? DgmJson.Deserialize<SoundRecord>(stored.Content, key) : null;
    }

    /// <summary>The tasks among <paramref name="tasks"/> with no sound verification for their current fingerprint.</summary>
    public async Task<IReadOnlyList<string>> UnverifiedAsync(string suite, IEnumerable<BenchmarkTask> tasks, CancellationToken cancellationToken = default)
    {
        var unverified = new List<string>();
        foreach (var task in tasks)
        {
            if (!await store.ExistsAsync(Key(suite, await FingerprintAsync(suite, task, cancellationToken)), cancellationToken))
            {
                unverified.Add(task.Id);
            }
        }

        return unverified;
    }

    private static string Key(string suite, string fingerprint) => ArtifactKeys.Benchmark(suite, $"verified/{fingerprint}.json");

    private async Task<string> FingerprintAsync(string suite, BenchmarkTask task, CancellationToken cancellationToken)
    {
        // Records made before verification kept the gold's tests do not count: their tasks must be verified again.
        var text = new StringBuilder($"sound record v{RecordVersion}\n");
        text.Append(Encoding.UTF8.GetString(DgmJson.Serialize(task))).Append('\n');
        foreach (var key in new[] { SuiteLayout.Workspace(suite, task.Id), SuiteLayout.Hidden(suite, task.Id), SuiteLayout.HiddenPatch(suite, task.Id), SuiteLayout.Gold(suite, task.Id) })
        {
            text.Append(key).Append(' ').Append((await store.GetAsync(key, cancellationToken))?.Sha256 ?? "none").Append('\n');
        }

        foreach (var tool in task.Toolchain)
        {
            text.Append(tool).Append(' ').Append(toolchains.Identify(tool)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
