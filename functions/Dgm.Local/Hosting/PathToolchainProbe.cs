using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Hosting;

/// <summary>
/// Finds commands on the PATH the local sandbox gives its jobs, and absolute paths (jars, the shared tool folder at
/// <see cref="JobPaths.Tools"/>) where the sandbox binds them from.
/// </summary>
public sealed class PathToolchainProbe(IEnumerable<string> path, string? toolsPath = null, bool runsImages = false) : IToolchainProbe
{
    private readonly string[] _path = path.ToArray();

    /// <summary>The PATH jobs of this sandbox see: its tool folders, then the standard system folders.</summary>
    /// <param name="kind">The Docker sandbox runs tasks in their own images; the process sandboxes cannot.</param>
    public static PathToolchainProbe For(LocalSandboxOptions options, SandboxKind? kind = null) =>
        new(options.ToolPath.Concat(JobEnvironment.StandardPath.Split(':')), options.ToolsPath, runsImages: kind == SandboxKind.Docker);

    public bool RunsImages => runsImages;

    public bool IsAvailable(string command) => Find(command) is not null;

    public string Identify(string command)
    {
        if (Find(command) is not { } found)
        {
            return "missing";
        }

        // Through the links (/usr/bin/go → /usr/lib/go-1.19/bin/go), so an upgrade behind the same name shows.
        FileSystemInfo info = Directory.Exists(found) ? new DirectoryInfo(found) : new FileInfo(found);
        var target = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        target.Refresh();
        var size = target is FileInfo file ? file.Length : 0;
        return FormattableString.Invariant($"{target.FullName} {size} {target.LastWriteTimeUtc:O}");
    }

    private string? Find(string command)
    {
        if (Path.IsPathRooted(command))
        {
            var onHost = toolsPath is not null && command.StartsWith(JobPaths.Tools + "/", StringComparison.Ordinal)
                ? Path.Combine(toolsPath, command[(JobPaths.Tools.Length + 1)..])
                : command;
            return File.Exists(onHost) || Directory.Exists(onHost) ? onHost : null;
        }

        return _path.Select(dir => Path.Combine(dir, command)).FirstOrDefault(candidate =>
            File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
    }
}
