using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness.TestReports;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Core.Harness;

/// <summary>
/// How one task verified: the gold patch must resolve it, the untouched workspace should not. <see cref="GoldTests"/>
/// are the tests the gold run's report shows passed (empty for a task graded by exit code alone).
/// </summary>
public sealed record TaskVerification(string TaskId, string Language, AttemptStatus Gold, AttemptStatus Untouched, double Seconds, string? Detail)
{
    public IReadOnlyList<string> GoldTests { get; init; } = [];

    /// <summary>A SWE-bench task's FAIL_TO_PASS and PASS_TO_PASS outcomes with the gold patch (null for other tasks or an unreadable log).</summary>
    public TestsStatus? GoldTestsStatus { get; init; }

    /// <summary>The same lists' outcomes on the untouched repository.</summary>
    public TestsStatus? UntouchedTestsStatus { get; init; }

    public bool Sound => Gold == AttemptStatus.Resolved && Untouched == AttemptStatus.Unresolved;

    /// <summary>
    /// The gold patch resolves the task and so does the untouched workspace: a refactoring exercise (Polyglot's ledger,
    /// markdown, tree-building) whose tests pass as given. Runs may use it, as the reference's task lists do; every agent
    /// that leaves the code working scores it.
    /// </summary>
    public bool PassesUntouched => Gold == AttemptStatus.Resolved && Untouched == AttemptStatus.Resolved;

    /// <summary>Whether runs and evaluations may spend on the task: its gold patch is proved to resolve it here.</summary>
    public bool Usable => Sound || PassesUntouched;
}

/// <summary>The verification of a suite: every runnable task's result, and the tasks skipped (missing toolchain or a container image).</summary>
public sealed record SuiteVerification(string Suite, IReadOnlyList<TaskVerification> Tasks, IReadOnlyList<string> Skipped)
{
    public bool Usable => Tasks.All(t => t.Usable);
}

/// <summary>
/// Proves a suite sound by grading each task twice in the sandbox, exactly as the harness grades agents: with its gold
/// patch (must be resolved) and with an empty patch (must not be). Sound tasks are recorded (<see cref="SoundTasks"/>),
/// and every task's verification is stored at <see cref="Key"/>, as the harness keeps a report.json per instance.
/// </summary>
public sealed class SuiteVerifier(IArtifactStore store, ISandbox sandbox, IToolchainProbe toolchains, RunConfig config)
{
    /// <summary>Where the latest verification of a task is stored.</summary>
    public static string Key(string suite, string taskId) => ArtifactKeys.Benchmark(suite, $"verifications/{taskId}.json");

    public async Task<SuiteVerification> VerifyAsync(string suiteName, int parallelism, Action<TaskVerification>? progress = null, CancellationToken cancellationToken = default) =>
        await VerifyAsync(await BenchmarkSuite.LoadAsync(store, suiteName, cancellationToken), parallelism, progress, cancellationToken);

    public async Task<SuiteVerification> VerifyAsync(BenchmarkSuite suite, int parallelism, Action<TaskVerification>? progress = null, CancellationToken cancellationToken = default)
    {
        await store.PutAsync(ArtifactKeys.EmptyPatch, Array.Empty<byte>(), cancellationToken);
        var skipped = suite.Tasks.Select(toolchains.WhyNotRunnable).OfType<string>().ToList();
        var runnable = suite.Tasks.Where(t => toolchains.WhyNotRunnable(t) is null).ToList();

        var results = new List<TaskVerification>();
        await Parallel.ForEachAsync(runnable, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (task, ct) =>
        {
            var verification = await VerifyTaskAsync(suite.Name, task, ct);
            // The latest verification replaces the one before: a task is verified again whenever the user asks.
            await store.UpdateAsync<TaskVerification>(Key(suite.Name, task.Id), _ => verification, ct);
            if (verification.Usable)
            {
                await new SoundTasks(store, toolchains).RecordAsync(suite.Name, task, verification.GoldTests, verification.PassesUntouched, ct);
            }

            lock (results)
            {
                results.Add(verification);
                progress?.Invoke(verification);
            }
        });

        return new SuiteVerification(suite.Name, results.OrderBy(r => r.TaskId, StringComparer.Ordinal).ToList(), skipped);
    }

    private async Task<TaskVerification> VerifyTaskAsync(string suite, BenchmarkTask task, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var jobs = new HarnessJobs(config);
        if (!task.HasGoldPatch)
        {
            return new TaskVerification(task.Id, task.Language, AttemptStatus.Error, AttemptStatus.Error, 0, "the task has no gold patch");
        }

        var launch = Guid.NewGuid().ToString("N")[..8];
        // Job ids name the suite: two suites verified at once on one sandbox (one Docker Engine) must not share a job.
        var (goldStatus, goldError, goldLog, goldTests, goldTestsStatus) = await GradeAsync(jobs, new JobIdentity("verify", suite, $"{suite}-{task.Id}-gold", launch), suite, task, SuiteLayout.Gold(suite, task.Id), cancellationToken);
        var (untouchedStatus, untouchedError, _, _, untouchedTestsStatus) = await GradeAsync(jobs, new JobIdentity("verify", suite, $"{suite}-{task.Id}-untouched", launch), suite, task, ArtifactKeys.EmptyPatch, cancellationToken);
        var detail = goldStatus != AttemptStatus.Resolved ? $"gold: {goldError ?? Clip.Tail(goldLog.Trim(), 400)}"
            : untouchedStatus != AttemptStatus.Unresolved ? $"untouched: {untouchedError ?? "the tests pass without any change"}"
            : null;
        return new TaskVerification(task.Id, task.Language, goldStatus, untouchedStatus, (DateTimeOffset.UtcNow - started).TotalSeconds, detail)
        {
            GoldTests = goldTests,
            GoldTestsStatus = goldTestsStatus,
            UntouchedTestsStatus = untouchedTestsStatus,
        };
    }

    /// <summary>
    /// Grades one patch exactly as the workflow does, with no expected tests (this run is what records them); returns
    /// the verdict, the test log, when resolved the tests the report shows passed, and a SWE-bench task's list outcomes.
    /// </summary>
    private async Task<(AttemptStatus Status, string? Error, string Log, IReadOnlyList<string> Passed, TestsStatus? Tests)> GradeAsync(HarnessJobs jobs, JobIdentity id, string suite, BenchmarkTask task, string patchKey, CancellationToken cancellationToken)
    {
        var result = await SandboxRunner.RunAsync(sandbox, jobs.Grade(id, suite, task, patchKey), cancellationToken);
        var outputs = new JobOutputs(store, id);
        // The report files are read once: for the verdict and for the tests the gold run passed.
        var reportFiles = task.TestReport == TestReportFormat.None ? null : await outputs.ReportFilesAsync(cancellationToken);
        var sweBenchTests = reportFiles is null ? null : SweBenchGrading.Status(task, reportFiles);
        var (status, error) = GradeVerdict.Of(result, await outputs.ReportAsync(cancellationToken), task.TestReport, reportFiles, expectedTests: [], sweBenchTests);
        var passed = status == AttemptStatus.Resolved && reportFiles is not null ? TestReportCheck.Passed(task.TestReport, reportFiles) : [];
        return (status, error, await outputs.TextAsync(StepOutputs.TestLog, cancellationToken) ?? result.Output, passed, sweBenchTests);
    }
}
