using System.Text;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Runner.Tests;

/// <summary>
/// A job root on this machine and the published runner run on it, as a sandbox would start it: its step in DGM_STEP,
/// the job root in DGM_JOB_ROOT. Run as root here, the runner switches to the job user for the untrusted parts.
/// </summary>
internal sealed class JobRoot : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-runner");

    public JobRoot()
    {
        // The job user must reach the job root, as it can inside a sandbox.
        File.SetUnixFileMode(_dir.Path, (UnixFileMode)0b111_101_101);
        Path = _dir.Combine("job");
        Directory.CreateDirectory(Path);
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
    }

    public string Path { get; }

    public static bool RunsAsRoot => Environment.UserName == "root";

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Write(string relative, string content, bool executable = false)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (executable)
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
    }

    /// <summary>Copies a folder of the repository (a starter task's workspace, say) into the job root.</summary>
    public void CopyFromRepository(string relative, string[] repositoryPath)
    {
        var source = RepositoryRoot.Combine(repositoryPath);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Combine(relative, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string? Output(string name) => File.Exists(Combine("out", name)) ? File.ReadAllText(Combine("out", name)) : null;

    public async Task<(ProcessResult Process, StepReport? Report)> RunAsync(StepSpec step, IReadOnlyDictionary<string, string>? environment = null) =>
        await RunAsync(JobsJson.Write(step), environment);

    public async Task<(ProcessResult Process, StepReport? Report)> RunAsync(string stepJson, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            [JobVariables.Step] = stepJson,
            [JobVariables.JobRoot] = Path,
        };
        var process = await ProcessRunner.RunAsync(RunnerBinary.Path, ["step"], Path, TimeSpan.FromMinutes(5), variables);
        var report = Output(StepOutputs.Report) is { } json ? JobsJson.Read<StepReport>(Encoding.UTF8.GetBytes(json), "step.json") : null;
        return (process, report);
    }

    public void Dispose() => _dir.Dispose();
}
