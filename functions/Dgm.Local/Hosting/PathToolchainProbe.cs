using Dgm.Core.Harness;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Hosting;

/// <summary>A command is available when it is an executable file in one of the sandbox's PATH directories.</summary>
public sealed class PathToolchainProbe(IEnumerable<string> path) : IToolchainProbe
{
    private readonly string[] _path = path.ToArray();

    /// <summary>The PATH jobs of this sandbox see: its tool folders, then the standard system folders.</summary>
    public static PathToolchainProbe For(LocalSandboxOptions options) =>
        new(options.ToolPath.Concat(JobEnvironment.StandardPath.Split(':')));

    public bool IsAvailable(string command) =>
        _path.Any(dir =>
        {
            var candidate = Path.Combine(dir, command);
            return File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        });
}
