using System.Collections;
using Dgm.Jobs;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Steps;

/// <summary>
/// The runner's step mode: reads the step from <see cref="JobVariables.Step"/>, does it in the job root, and always
/// writes its <see cref="StepReport"/>, also when the runner's own part failed (then the report says so, and the job
/// is not charged to the agent).
/// </summary>
internal static class StepRunner
{
    public static async Task<int> RunAsync(Func<string, string?> variable, TextWriter error)
    {
        StepSpec spec;
        try
        {
            spec = JobsJson.Read<StepSpec>(variable(JobVariables.Step) ?? throw new InvalidDataException($"{JobVariables.Step} is not set"), JobVariables.Step);
        }
        catch (InvalidDataException ex)
        {
            error.WriteLine($"dgm-runner: {ex.Message}");
            return RunnerExitCodes.BadStep;
        }

        // Nothing a step starts may outlive it by reparenting away from the runner.
        Native.BecomeSubreaper();
        var root = Path.GetFullPath(variable(JobVariables.JobRoot) ?? JobPaths.Root);
        StepReport report;
        try
        {
            var context = new StepContext(root, spec, Environment());
            report = spec.Kind switch
            {
                StepKind.Solve or StepKind.SelfModify => await AgentStep.RunAsync(context),
                StepKind.Build => await BuildStep.RunAsync(context),
                StepKind.Grade => await GradeStep.RunAsync(context),
                _ => throw new InvalidDataException($"unknown step kind {spec.Kind}"),
            };
        }
        catch (Exception ex) when (ex is StepFailureException or InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            report = new StepReport { Kind = spec.Kind, Failure = ex.Message };
        }
        finally
        {
            Descendants.KillAll();
        }

        try
        {
            new OutputFolder(root).Write(StepOutputs.Report, JobsJson.WriteBytes(report));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"dgm-runner: could not write the step report: {ex.Message}");
            return RunnerExitCodes.InternalError;
        }

        if (report.Failure is { } failure)
        {
            error.WriteLine($"dgm-runner: {failure}");
        }

        return RunnerExitCodes.Done;
    }

    private static Dictionary<string, string> Environment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
