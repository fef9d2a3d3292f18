using System.Text;
using Dgm.Jobs;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Repository;

/// <summary>
/// The workspace's pristine state, committed into a git directory of the runner's own before anything untrusted runs.
/// Never the workspace's own .git: its config, hooks and attributes belong to whoever wrote the workspace. Every git
/// call runs with no system or global configuration, no hooks, no external diff or text conversion, and the runner's
/// config file is rewritten before each use, so nothing the agent wrote can shape the patch the harness takes.
/// </summary>
internal sealed class BaseRepository
{
    private const string BaseRef = "refs/dgm/base";

    private static readonly TimeSpan GitLimit = TimeSpan.FromMinutes(10);

    private static readonly string[] Settings =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false",
        "-c", "core.attributesFile=/dev/null", "-c", "core.excludesFile=/dev/null", "-c", "core.symlinks=true",
        "-c", "core.quotePath=false", "-c", "safe.directory=*", "-c", "user.name=dgm", "-c", "user.email=dgm@localhost",
        "-c", "commit.gpgSign=false", "-c", "diff.renames=false",
    ];

    private readonly string _git;
    private readonly string _gitDirectory;
    private readonly string _workTree;
    private readonly Dictionary<string, string> _environment;

    private BaseRepository(string git, string gitDirectory, string workTree, IReadOnlyDictionary<string, string> environment)
    {
        _git = git;
        _gitDirectory = gitDirectory;
        _workTree = workTree;
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = environment.GetValueOrDefault("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = Path.GetDirectoryName(gitDirectory)!,
            ["LC_ALL"] = "C",
            ["GIT_DIR"] = gitDirectory,
            ["GIT_WORK_TREE"] = workTree,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_OPTIONAL_LOCKS"] = "0",
        };
    }

    /// <summary>Commits the workspace as it is now into a new git directory under <paramref name="stateDirectory"/>.</summary>
    public static async Task<BaseRepository> CommitAsync(string stateDirectory, string workTree, IReadOnlyDictionary<string, string> environment)
    {
        var git = ProgramPath.Find("git", environment) ?? throw new StepFailureException("git is not on PATH in this sandbox; the runner needs it to take patches");
        Directory.CreateDirectory(stateDirectory);
        var repository = new BaseRepository(git, Path.Combine(stateDirectory, "base.git"), workTree, environment);
        await repository.GitAsync("init", "--quiet");
        repository.Reset();
        await repository.GitAsync("add", "--all", "--", ".");
        await repository.GitAsync("commit", "--quiet", "--allow-empty", "--no-verify", "-m", "base");
        await repository.GitAsync("update-ref", BaseRef, "HEAD");
        return repository;
    }

    /// <summary>The change from the base to the workspace as it is now: a binary git diff, new files included.</summary>
    public async Task<byte[]> DiffAsync()
    {
        await StageAsync();
        return await GitOutputAsync("diff", "--cached", "--binary", "--full-index", "--no-ext-diff", "--no-textconv", "--no-color", "--no-renames", BaseRef);
    }

    /// <summary>The paths (relative to the workspace) the workspace changed since the base.</summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync()
    {
        await StageAsync();
        return Split(await GitOutputAsync("diff", "--cached", "--name-only", "-z", "--no-renames", BaseRef));
    }

    /// <summary>Paths the workspace changed since it was last staged (what a later step, such as the hidden tests, wrote).</summary>
    public async Task<IReadOnlyList<string>> UnstagedPathsAsync()
    {
        Reset();
        return Split(await GitOutputAsync("diff", "--name-only", "-z", "--no-renames"));
    }

    /// <summary>Every file of the workspace as it is now that is not ignored (what a snapshot of it holds).</summary>
    public async Task<IReadOnlyList<string>> FilesAsync()
    {
        await StageAsync();
        return Split(await GitOutputAsync("ls-files", "-z", "--cached"));
    }

    /// <summary>Applies a patch to the workspace; returns git's complaint when it does not apply, else null.</summary>
    public async Task<string?> ApplyAsync(string patchFile)
    {
        Reset();
        var (result, log, _) = await ChildProcess.RunAsync(Command(["apply", "--whitespace=nowarn", "--", patchFile]), GitLimit);
        return result.Succeeded ? null : Encoding.UTF8.GetString(log).Trim();
    }

    /// <summary>Records the workspace as it is now, so <see cref="UnstagedPathsAsync"/> shows only what changes after.</summary>
    public async Task StageAsync()
    {
        Reset();
        await GitAsync("add", "--all", "--", ".");
    }

    /// <summary>
    /// Rewrites what of the git directory shapes git's behaviour (config, hooks, info), in case a job running as the
    /// runner's own user wrote to it; objects it may have replaced can only misstate the agent's own patch.
    /// </summary>
    private void Reset()
    {
        File.WriteAllText(Path.Combine(_gitDirectory, "config"), "[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfilemode = true\n");
        foreach (var folder in new[] { "hooks", "info" })
        {
            var path = Path.Combine(_gitDirectory, folder);
            if (Directory.Exists(path) || File.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }

        File.Delete(Path.Combine(_gitDirectory, "index.lock"));
    }

    private async Task GitAsync(params string[] arguments)
    {
        var (result, log, _) = await ChildProcess.RunAsync(Command(arguments), GitLimit);
        if (!result.Succeeded)
        {
            throw new StepFailureException($"git {arguments[0]} failed ({(result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}): {Encoding.UTF8.GetString(log).Trim()}");
        }
    }

    private async Task<byte[]> GitOutputAsync(params string[] arguments)
    {
        using var output = new MemoryStream();
        var (result, log, _) = await ChildProcess.RunAsync(Command(arguments), GitLimit, output);
        return result.Succeeded
            ? output.ToArray()
            : throw new StepFailureException($"git {arguments[0]} failed ({(result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}): {Encoding.UTF8.GetString(log).Trim()}");
    }

    private ChildCommand Command(IReadOnlyList<string> arguments) => new(_git, [.. Settings, .. arguments], _workTree, _environment);

    private static List<string> Split(byte[] nulSeparated) =>
        [.. Encoding.UTF8.GetString(nulSeparated).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
