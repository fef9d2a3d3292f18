using Dgm.Jobs;
using Dgm.Jobs.Files;
using Dgm.Runner.Processes;
using Dgm.Runner.Repository;

namespace Dgm.Runner.Steps;

/// <summary>What every step works with: the job root and its spec, the environment children get, the job user, and the output folder.</summary>
internal sealed class StepContext
{
    /// <summary>Variables for the runner alone; no child sees them.</summary>
    private static readonly string[] RunnerVariables = [JobVariables.Step, JobVariables.JobRoot, JobVariables.ToolsRoot, JobVariables.TransferSpec];

    private readonly IReadOnlyDictionary<string, string> _environment;

    public StepContext(string root, StepSpec spec, IReadOnlyDictionary<string, string> environment)
    {
        Root = root;
        Tools = environment.GetValueOrDefault(JobVariables.ToolsRoot) ?? JobPaths.Tools;
        Spec = spec;
        _environment = environment.Where(v => !RunnerVariables.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        User = JobUser.Detect(_environment);
        Workspace = Resolve(spec.Workspace);
        Outputs = new OutputFolder(root);
    }

    public string Root { get; }

    /// <summary>The shared tool folder (offline packages, test tools); it may not exist.</summary>
    public string Tools { get; }

    public StepSpec Spec { get; }

    public JobUser User { get; }

    /// <summary>The repository the step works on.</summary>
    public string Workspace { get; }

    /// <summary>The runner's own bookkeeping (the base repository); out of the job user's reach when the user switches.</summary>
    public string State => Path.Combine(Root, ".dgm-state");

    /// <summary>A folder the job user owns for what the agent or the tests write besides the workspace (transcript, home).</summary>
    public string Scratch => Path.Combine(Root, ".dgm-scratch");

    public string Input(string relative) => Path.Combine(Root, relative);

    /// <summary>Commits the workspace as it arrived, so what the step changes is a diff against it.</summary>
    public Task<BaseRepository> CommitWorkspaceAsync() =>
        Directory.Exists(Workspace)
            ? BaseRepository.CommitAsync(State, Workspace, ToolEnvironment)
            : throw new StepFailureException($"the workspace {Workspace} does not exist");

    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Root, RelativePath.Normalize(path, "Step path"));

    /// <summary>The environment of an untrusted child: the job's own, minus the runner's variables, with a home the job user owns.</summary>
    public IReadOnlyDictionary<string, string> ChildEnvironment(bool model, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(_environment, StringComparer.Ordinal);
        if (!model)
        {
            environment.Remove(JobVariables.ModelUrl);
            environment.Remove(JobVariables.ModelToken);
            environment.Remove(JobVariables.ModelName);
        }

        if (User.Switches)
        {
            // Tool folders under the runner's home (NuGet, Cargo, .NET) move to the job user's home with it.
            var home = Path.Combine(Scratch, "home");
            var oldHome = environment.GetValueOrDefault("HOME");
            foreach (var (name, value) in environment.ToList())
            {
                if (oldHome is { Length: > 1 } && (value == oldHome || value.StartsWith(oldHome + "/", StringComparison.Ordinal)))
                {
                    environment[name] = home + value[oldHome.Length..];
                }
            }

            environment["HOME"] = home;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The environment of the runner's own tools (git), which never see the job's secrets.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment => ChildEnvironment(model: false);

    /// <summary>Makes the scratch folder (and its home) for the job user.</summary>
    public string PrepareScratch()
    {
        Directory.CreateDirectory(Path.Combine(Scratch, "home"));
        User.Own(Scratch);
        return Scratch;
    }

    /// <summary>Where the step's outputs go.</summary>
    public OutputFolder Outputs { get; }

    public string FindProgram(string name) => FindProgramOrNull(name) ?? throw new StepFailureException($"{name} is not on PATH in this sandbox");

    public string? FindProgramOrNull(string name) => ProgramPath.Find(name, _environment);
}
