namespace Dgm.Local.Sandbox;

/// <summary>
/// Picks the isolation once: bubblewrap when installed (unless unshare is forced), else util-linux unshare with
/// setpriv and pivot_root (and perl for its seccomp filter). Never nothing: without either, jobs are refused rather than run unsandboxed.
/// </summary>
internal static class IsolationChoice
{
    private static readonly string[] SystemDirectories = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"];

    public static (IIsolation? Isolation, string Problem) For(LocalSandboxOptions options)
    {
        if (!options.ForceUnshare && Find(options.BubblewrapPath, "bwrap") is { } bwrap)
        {
            return (new BubblewrapIsolation(bwrap), "");
        }

        if (options.BubblewrapOnly)
        {
            return (null, "The sandbox kind is bubblewrap, but bwrap is not installed: apt-get install bubblewrap, or choose --sandbox unshare.");
        }

        var unshare = Find(options.UnsharePath, "unshare");
        var setpriv = Find(null, "setpriv");
        var pivotRoot = Find(null, "pivot_root");
        if (unshare is not null && setpriv is not null && pivotRoot is not null)
        {
            return (new UnshareIsolation(unshare, setpriv, Find(options.PerlPath, "perl")), "");
        }

        var missing = string.Join(", ", new[] { ("unshare", unshare), ("setpriv", setpriv), ("pivot_root", pivotRoot) }.Where(t => t.Item2 is null).Select(t => t.Item1));
        return (null,
            $"Neither bubblewrap (bwrap) nor util-linux unshare is usable here ({(options.ForceUnshare ? "unshare was forced" : "bwrap not found")}; missing: {missing}). " +
            "The local sandbox refuses to run jobs without isolation: install bubblewrap (apt-get install bubblewrap).");
    }

    private static string? Find(string? configured, string name)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return path.Concat(SystemDirectories).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
