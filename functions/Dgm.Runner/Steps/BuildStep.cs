using System.Text;
using Dgm.Jobs;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Steps;

/// <summary>
/// Publishes the agent's source and runs the result's self-test: framework-dependent by default, or as one
/// self-contained executable for linux-x64 that runs in any task image with no .NET there. The harness decides how
/// to publish, never the agent.
/// </summary>
internal static class BuildStep
{
    /// <summary>The project every agent source holds at its root (the harness contract).</summary>
    public const string Project = "DgmAgent.csproj";

    private static readonly string[] FrameworkDependent = ["-c", "Release", "--nologo", "-p:UseAppHost=false", "-p:DebugType=none", "-p:SatelliteResourceLanguages=en"];

    private static readonly string[] SingleFile =
    [
        "-c", "Release", "-r", "linux-x64", "--self-contained", "--nologo",
        "-p:PublishSingleFile=true", "-p:UseAppHost=true", "-p:InvariantGlobalization=true",
        // Trimming only the framework keeps the agent's own code whole, reflection included (the self-test runs the result).
        "-p:PublishTrimmed=true", "-p:TrimMode=partial", "-p:JsonSerializerIsReflectionEnabledByDefault=true",
        "-p:EnableCompressionInSingleFile=true", "-p:DebugType=none", "-p:SatelliteResourceLanguages=en",
    ];

    public static async Task<StepReport> RunAsync(StepContext context)
    {
        var call = context.Spec.Build ?? throw new InvalidDataException("a build step needs 'build'");
        var source = context.Input(JobPaths.Source);
        var project = Path.Combine(source, Project);
        if (!File.Exists(project))
        {
            context.Outputs.Write(StepOutputs.BuildLog, Encoding.UTF8.GetBytes($"dgm-runner: the source has no {Project} at its root; nothing to publish\n"));
            context.Outputs.Write(StepOutputs.SelfTestLog, Encoding.UTF8.GetBytes("not run: nothing was published\n"));
            return new StepReport { Kind = StepKind.Build, Publish = new CommandResult() };
        }

        var dotnet = context.FindProgram("dotnet");
        var scratch = context.PrepareScratch();
        context.User.Own(source);
        var published = Path.Combine(scratch, "publish");
        List<string> arguments = ["publish", project, .. call.SingleFile ? SingleFile : FrameworkDependent, "-o", published];
        var offlinePackages = Path.Combine(context.Tools, "nuget");
        if (call.SingleFile && Directory.Exists(offlinePackages))
        {
            // The runtime and trimming packs a self-contained publish needs, for sandboxes without a package feed.
            arguments.Add($"-p:RestoreAdditionalProjectFallbackFolders={offlinePackages}");
        }

        var (publish, publishLog, _) = await ChildProcess.RunAsync(
            context.User.Run(new ChildCommand(dotnet, arguments, source, context.ChildEnvironment(model: false))), TimeSpan.FromSeconds(call.PublishSeconds));
        var entry = call.SingleFile ? JobPaths.AgentExecutable : JobPaths.AgentAssembly;
        if (publish.Succeeded && !File.Exists(Path.Combine(published, entry)))
        {
            publishLog = [.. publishLog, .. Encoding.UTF8.GetBytes($"\ndgm-runner: the publish succeeded but made no {entry} (the assembly must keep that name)\n")];
            publish = publish with { ExitCode = null };
        }

        context.Outputs.Write(StepOutputs.BuildLog, publishLog);
        if (!publish.Succeeded)
        {
            context.Outputs.Write(StepOutputs.SelfTestLog, Encoding.UTF8.GetBytes("not run: the publish failed\n"));
            return new StepReport { Kind = StepKind.Build, Publish = publish };
        }

        var agentFolder = context.Outputs.PathFor(StepOutputs.Agent);
        CopyTree(published, agentFolder);
        var selfTest = AgentCommand.For(agentFolder, [AgentArguments.SelfTest], scratch, context.ChildEnvironment(model: false), dotnet);
        var (result, selfTestLog, _) = await ChildProcess.RunAsync(context.User.Run(selfTest), TimeSpan.FromSeconds(call.SelfTestSeconds));
        context.Outputs.Write(StepOutputs.SelfTestLog, selfTestLog);
        return new StepReport { Kind = StepKind.Build, Publish = publish, SelfTest = result };
    }

    /// <summary>The published files (regular files only) into the output folder, which the job user cannot change.</summary>
    private static void CopyTree(string source, string destination)
    {
        foreach (var (path, stat) in Dgm.Jobs.Files.TreeWalk.Below(source).Where(e => e.Stat.Kind == Dgm.Jobs.Files.FileKind.Regular))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(path, target);
            File.SetUnixFileMode(target, (stat.Mode & UnixFileMode.UserExecute) != 0 ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
        }
    }
}
