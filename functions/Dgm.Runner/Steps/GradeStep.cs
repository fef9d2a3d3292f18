using System.Security.Cryptography;
using Dgm.Jobs;
using Dgm.Jobs.Files;
using Dgm.Runner.Processes;
using Dgm.Runner.Repository;

namespace Dgm.Runner.Steps;

/// <summary>
/// Grades one patch in a fresh workspace: apply it, check that it changed only paths the task lets a patch change,
/// add the hidden tests, and run the test command as the job user with a report folder whose name it could not know
/// before. Afterwards the hidden tests must be as they were placed, and the report files are collected. The verdict
/// is the host's, from the per-test report; the runner only says what happened.
/// </summary>
internal static class GradeStep
{
    public static async Task<StepReport> RunAsync(StepContext context)
    {
        var call = context.Spec.Grade ?? throw new InvalidDataException("a grade step needs 'grade'");
        var repository = await context.CommitWorkspaceAsync();
        var patch = context.Input(JobPaths.Patch);
        if (new FileInfo(patch) is { Exists: true, Length: > 0 } && await repository.ApplyAsync(patch) is { } patchError)
        {
            return Report(new GradeReport { PatchError = patchError });
        }

        var changed = await repository.ChangedPathsAsync();
        var editable = call.EditablePaths.Select(p => new PathGlob(p)).ToList();
        var protectedPaths = call.ProtectedPaths.Select(p => new PathGlob(p)).ToList();
        var disallowed = changed.Where(p => PathGlob.AnyMatch(protectedPaths, p) || (editable.Count > 0 && !PathGlob.AnyMatch(editable, p))).ToList();
        if (disallowed.Count > 0)
        {
            return Report(new GradeReport { ChangedPaths = changed, DisallowedPaths = disallowed });
        }

        context.User.Own(context.Workspace);
        var hidden = await PlaceHiddenTestsAsync(context, call, repository);
        var before = Fingerprints(context.Workspace, hidden);

        var reports = Path.Combine(context.Root, $".dgm-reports-{RandomNumberGenerator.GetHexString(16, lowercase: true)}");
        Directory.CreateDirectory(reports);
        context.User.Own(reports);
        context.PrepareScratch();
        var script = call.Setup is { Length: > 0 } setup ? $"{setup}\n{call.TestCommand}" : call.TestCommand;
        var command = new ChildCommand(
            context.FindProgram("bash"),
            ["-c", script],
            context.Workspace,
            context.ChildEnvironment(model: false, new Dictionary<string, string> { [JobVariables.ReportDirectory] = reports, ["TMPDIR"] = Path.Combine(context.Scratch, "home") }));
        var (tests, log, _) = await ChildProcess.RunAsync(context.User.Run(command), TimeSpan.FromSeconds(call.TestSeconds));
        context.Outputs.Write(StepOutputs.TestLog, log);

        var after = Fingerprints(context.Workspace, hidden);
        var tampered = hidden.Where(p => before[p] != after[p]).ToList();
        return Report(new GradeReport { ChangedPaths = changed, Tests = tests, TamperedPaths = tampered, ReportFiles = CollectReports(context, reports) });
    }

    private static StepReport Report(GradeReport grade) => new() { Kind = StepKind.Grade, Grade = grade };

    /// <summary>Copies or applies the hidden tests over the patched workspace; returns the workspace paths they wrote.</summary>
    private static async Task<IReadOnlyList<string>> PlaceHiddenTestsAsync(StepContext context, GradeCall call, BaseRepository repository)
    {
        switch (call.Hidden)
        {
            case HiddenTests.Files:
                var source = context.Input(JobPaths.HiddenFiles);
                if (!Directory.Exists(source))
                {
                    throw new StepFailureException("the hidden tests are missing from the job");
                }

                var placed = new List<string>();
                foreach (var (path, stat) in TreeWalk.Below(source).Where(e => e.Stat.Kind == FileKind.Regular))
                {
                    var relative = Path.GetRelativePath(source, path);
                    var destination = Path.Combine(context.Workspace, relative);
                    try
                    {
                        // The patch may have put a link where a hidden test goes; never write through it.
                        RelativePath.EnsureNoSymlinkBelow(context.Workspace, destination);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new StepFailureException($"the hidden test {relative} could not be placed: {ex.Message}");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    if (FileStat.Lstat(destination) is { Kind: not FileKind.Directory })
                    {
                        File.Delete(destination);
                    }

                    File.Copy(path, destination);
                    File.SetUnixFileMode(destination, stat.Mode & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
                    placed.Add(relative);
                }

                return placed;
            case HiddenTests.Patch:
                await repository.StageAsync();
                if (await repository.ApplyAsync(context.Input(JobPaths.HiddenPatch)) is { } error)
                {
                    throw new StepFailureException($"the hidden tests do not apply after the patch: {error}");
                }

                return await repository.UnstagedPathsAsync();
            default:
                return [];
        }
    }

    /// <summary>SHA-256 of each path (or "missing"), to tell whether the run changed the hidden tests.</summary>
    private static Dictionary<string, string> Fingerprints(string workspace, IReadOnlyList<string> paths) =>
        paths.ToDictionary(p => p, p =>
        {
            var full = Path.Combine(workspace, p);
            return FileStat.Lstat(full) is { Kind: FileKind.Regular } ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(full))) : "missing";
        }, StringComparer.Ordinal);

    /// <summary>The regular files the test command wrote into its report folder, copied into the outputs (never through a link).</summary>
    private static List<string> CollectReports(StepContext context, string reports)
    {
        var folder = context.Outputs.PathFor(StepOutputs.Reports);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var (path, _) in TreeWalk.Below(reports).Where(e => e.Stat.Kind == FileKind.Regular))
        {
            var relative = Path.GetRelativePath(reports, path);
            var destination = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(path, destination);
            files.Add(relative.Replace(Path.DirectorySeparatorChar, '/'));
        }

        return files;
    }
}
