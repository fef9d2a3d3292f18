namespace Dgm.Runner.Processes;

/// <summary>Finds a program on the job's PATH (the runner starts programs by absolute path, never through a shell's lookup).</summary>
internal static class ProgramPath
{
    public static string? Find(string name, IReadOnlyDictionary<string, string> environment) =>
        (environment.GetValueOrDefault("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(candidate => File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0);
}
