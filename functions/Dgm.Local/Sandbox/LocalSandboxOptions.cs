using System.Runtime.InteropServices;

namespace Dgm.Local.Sandbox;

/// <summary>How the local sandbox isolates jobs and where it keeps them.</summary>
public sealed record LocalSandboxOptions
{
    /// <summary>Job directories live under <c>&lt;Root&gt;/&lt;runId&gt;/&lt;jobId&gt;/</c>.</summary>
    public required string Root { get; init; }

    /// <summary>Use unshare even when bubblewrap is installed (so both paths can be tested on one machine).</summary>
    public bool ForceUnshare { get; init; }

    /// <summary>Refuse jobs rather than fall back to unshare when bubblewrap is missing (<c>--sandbox bubblewrap</c>).</summary>
    public bool BubblewrapOnly { get; init; }

    /// <summary>bwrap to run; null finds it on PATH.</summary>
    public string? BubblewrapPath { get; init; }

    /// <summary>unshare to run; null finds it on PATH.</summary>
    public string? UnsharePath { get; init; }

    /// <summary>perl that loads the seccomp filter of unshare jobs; null finds it on PATH.</summary>
    public string? PerlPath { get; init; }

    /// <summary>The model gateway's Unix socket on the host, bound in for <c>GatewayOnly</c> jobs.</summary>
    public string? GatewaySocket { get; init; }

    /// <summary>The in-sandbox runner (Dgm.Runner, published next to the host's binaries), bound in at <see cref="Dgm.Jobs.JobPaths.Runner"/>.</summary>
    public string RunnerPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "runner", "dgm-runner");

    /// <summary>
    /// The shared tool folder (offline .NET packs, the JavaScript test tools), bound in read-only at
    /// <see cref="Dgm.Jobs.JobPaths.Tools"/> when it exists: <c>DGM_TOOLS</c>, else /opt/dgm/tools (infra/install-test-deps.sh fills it).
    /// </summary>
    public string ToolsPath { get; init; } = Environment.GetEnvironmentVariable("DGM_TOOLS") is { Length: > 0 } tools ? tools : "/opt/dgm/tools";

    /// <summary>
    /// Host paths the job sees read-only at the same place: the system directories and the toolchains. Missing paths
    /// are skipped, a symlink (the merged-usr /bin, /lib, …) is recreated as the same symlink.
    /// </summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = DefaultReadOnlyPaths();

    /// <summary>Paths inside those that the job must not read: files are replaced by /dev/null, directories by an empty one.</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = DefaultHiddenPaths();

    /// <summary>Toolchain directories put in front of the standard PATH (missing ones are left out).</summary>
    public IReadOnlyList<string> ToolPath { get; init; } = DefaultToolPath();

    /// <summary>Variables the toolchains need (RUSTUP_HOME, PYENV_ROOT, DOTNET_ROOT); values naming a missing path are left out.</summary>
    public IReadOnlyDictionary<string, string> ToolEnvironment { get; init; } = DefaultToolEnvironment();

    /// <summary>Size of the job's private /tmp and /dev/shm each; capped at the job's disk limit.</summary>
    public int TmpMb { get; init; } = 256;

    /// <summary>Enforce memory, processes and CPU with cgroups when the host has them; false uses the /proc watchdog.</summary>
    public bool UseCgroups { get; init; } = true;

    /// <summary>Make the job's writable space a size-limited tmpfs when privileged; false uses the disk watchdog.</summary>
    public bool MountDiskTmpfs { get; init; } = true;

    /// <summary>How often the supervisor samples usage (the wall deadline itself is exact).</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The .NET installation running us, so the SDK jobs use is the one the host has.</summary>
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <remarks>
    /// Of the user's home only the toolchains themselves: rustup's proxies and toolchains with its default choice,
    /// pyenv's interpreters and the scripts behind its shims. Never Cargo's own home (credentials, config.toml that
    /// would steer every build, the registry cache) nor rustup's downloads.
    /// </remarks>
    public static IReadOnlyList<string> DefaultReadOnlyPaths() =>
    [
        "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        DotnetRoot, "/usr/lib/jvm",
        Path.Combine(Home, ".cargo", "bin"),
        .. RustupParts.Select(p => Path.Combine(Home, ".rustup", p)),
        .. PyenvParts.Select(p => Path.Combine(Home, ".pyenv", p)),
    ];

    private static readonly string[] RustupParts = ["toolchains", "update-hashes", "settings.toml"];

    private static readonly string[] PyenvParts = ["bin", "libexec", "plugins", "pyenv.d", "shims", "versions", "version"];

    public static IReadOnlyList<string> DefaultHiddenPaths() =>
    [
        .. PrivateHostFiles.Under("/etc"),
        "/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-", "/etc/ssh",
    ];

    public static IReadOnlyList<string> DefaultToolPath() =>
        [DotnetRoot, Path.Combine(Home, ".cargo", "bin"), Path.Combine(Home, ".pyenv", "shims"), Path.Combine(Home, ".pyenv", "bin")];

    public static IReadOnlyDictionary<string, string> DefaultToolEnvironment() => new Dictionary<string, string>
    {
        ["DOTNET_ROOT"] = DotnetRoot,
        ["RUSTUP_HOME"] = Path.Combine(Home, ".rustup"),
        ["PYENV_ROOT"] = Path.Combine(Home, ".pyenv"),
    };
}
