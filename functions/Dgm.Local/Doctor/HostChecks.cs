using Dgm.Core.Harness;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Doctor;

/// <summary>What the sandbox's jobs can run (one line per language of <see cref="Toolchains"/>) and whether the data folder is out of their sight.</summary>
internal static class HostChecks
{
    public static IEnumerable<DoctorCheck> Languages(IToolchainProbe probe) =>
        Toolchains.All.Select(toolchain =>
        {
            var name = $"toolchain: {toolchain.Language}";
            var missing = toolchain.Commands.Where(c => !probe.IsAvailable(c)).ToList();
            return missing.Count == 0
                ? DoctorCheck.Ok(name, string.Join(", ", toolchain.Commands))
                : DoctorCheck.Warn(name, $"{toolchain.Language} tasks are skipped: {string.Join(", ", missing)} not on the sandbox's PATH", $"apt-get install {toolchain.Package}");
        });

    /// <summary>
    /// Fails when the data folder lies in a folder every job sees read-only (<see cref="LocalSandboxOptions.ReadOnlyPaths"/>,
    /// the tool folder): jobs could then read the store, the gateway key and each other's files.
    /// </summary>
    public static DoctorCheck DataFolder(string dataDirectory, LocalSandboxOptions options)
    {
        const string name = "data folder";
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        var bound = options.ReadOnlyPaths.Append(options.ToolsPath)
            .Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
            .FirstOrDefault(p => Path.Exists(p) && (data == p || data.StartsWith(p + "/", StringComparison.Ordinal)));
        return bound is null
            ? DoctorCheck.Ok(name, $"{data} (outside every folder the sandbox shows its jobs)")
            : DoctorCheck.Fail(name, $"{data} is inside {bound}, which every sandbox job sees read-only: jobs could read the store, the gateway key and other jobs' files",
                $"use --data with a folder outside {bound} (e.g. ~/dgm-data)");
    }
}
