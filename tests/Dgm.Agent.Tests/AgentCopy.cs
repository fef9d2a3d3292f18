using Dgm.Testing;

namespace Dgm.Agent.Tests;

// A private copy of agent/ (sources only), built and run the way the harness does it: the copy lives
// outside the repository, so nothing from the repository's build settings can reach it.
internal sealed class AgentCopy : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    private AgentCopy(string root) => Root = root;

    public string Root { get; }

    public string Dll => Path.Combine(Root, "bin", "Release", "net10.0", "DgmAgent.dll");

    public static AgentCopy Create()
    {
        var copy = new AgentCopy(Path.Combine(Path.GetTempPath(), $"dgm-agent-copy-{Guid.NewGuid():N}"));
        CopySources(RepositoryRoot.Combine("agent"), copy.Root);
        return copy;
    }

    // A text edit of the copied source, as a self-modifying child would make. The anchor must exist, so a
    // refactoring of the agent that moves it makes the test fail loudly instead of testing nothing.
    public void Edit(string relativePath, string find, string replace)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    public async Task BuildAsync()
    {
        // No build servers: a compiler server left running would outlive the test and hold its output pipe.
        var build = await ProcessRunner.RunAsync("dotnet", ["build", "-c", "Release", "--disable-build-servers"], Root, BuildTimeout);
        if (build.ExitCode != 0 || !File.Exists(Dll))
        {
            throw new InvalidOperationException($"building the agent copy failed (exit code {build.ExitCode}):\n{build.Output}");
        }
    }

    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        ProcessRunner.RunAsync("dotnet", [Dll, .. arguments], workingDirectory, TimeSpan.FromMinutes(2), environment);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopySources(directory, Path.Combine(to, name));
            }
        }
    }
}
