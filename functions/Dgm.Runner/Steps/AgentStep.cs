using Dgm.Jobs;
using Dgm.Jobs.Archives;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Steps;

/// <summary>
/// Solve and self-modify: commit the workspace as the base, run the agent until it ends or its deadline, then take
/// the patch from the workspace files against the base (the agent's work is always collected, also when it was
/// stopped). Self-modify also packs the changed source as the child's snapshot.
/// </summary>
internal static class AgentStep
{
    public static async Task<StepReport> RunAsync(StepContext context)
    {
        var call = context.Spec.Agent ?? throw new InvalidDataException("a solve or self-modify step needs 'agent'");
        var repository = await context.CommitWorkspaceAsync();
        var scratch = context.PrepareScratch();
        context.User.Own(context.Workspace);
        var transcript = Path.Combine(scratch, StepOutputs.Transcript);
        var command = AgentCommand.For(
            context.Input(JobPaths.Agent),
            AgentArguments.For(context.Workspace, context.Input(JobPaths.Problem), transcript, call),
            context.Workspace,
            context.ChildEnvironment(model: true),
            context.FindProgramOrNull("dotnet"));
        var (result, log, _) = await ChildProcess.RunAsync(context.User.Run(command), TimeSpan.FromSeconds(call.Seconds));
        context.Outputs.Write(StepOutputs.AgentLog, log);
        context.Outputs.Copy(transcript, StepOutputs.Transcript);

        var patch = await repository.DiffAsync();
        context.Outputs.Write(StepOutputs.Patch, patch);
        if (context.Spec.Kind == StepKind.SelfModify)
        {
            var files = await repository.FilesAsync();
            using var snapshot = File.Create(context.Outputs.PathFor(StepOutputs.Snapshot));
            TarPacker.PackFiles(context.Workspace, files, snapshot);
        }

        return new StepReport { Kind = context.Spec.Kind, Agent = result, PatchBytes = patch.Length };
    }
}
