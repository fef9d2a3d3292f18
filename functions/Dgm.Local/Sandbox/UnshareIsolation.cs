using System.Globalization;
using System.Text;

namespace Dgm.Local.Sandbox;

/// <summary>
/// util-linux unshare: new pid (with a fresh /proc), mount, net, ipc and uts namespaces, and the same file system as
/// bubblewrap. The root is a skeleton of mount points prepared on the host (<see cref="JobLayout.NewRoot"/>), bound
/// read-only onto itself; every mount of the plan is one line of a job fstab that a single <c>mount --all</c> applies
/// in order (one process instead of one per mount keeps the start cheap). The script then pivots into the root,
/// detaches the old one and drops every capability with setpriv (no-new-privs, empty bounding set). setpriv 2.38
/// cannot load a seccomp program, so a few lines of perl (perl-base is essential on Debian, and starts in
/// milliseconds) load the <see cref="SeccompFilter"/> from fd 5 before the command runs. The job's environment arrives
/// on stdin and is applied only after that. setpriv --pdeathsig ties unshare to our launcher thread; --kill-child
/// takes the namespace down with unshare.
/// </summary>
internal sealed class UnshareIsolation : IIsolation
{
    /// <summary>Runs as pid 1 of the new namespaces: "$1" new root, "$2" working directory, "$3" fstab, then the rest of the chain.</summary>
    private const string Script = """
        set -eu
        R=$1 CWD=$2 FSTAB=$3
        shift 3
        mount --all --fstab "$FSTAB"
        cd "$R"
        pivot_root . .
        umount -l .
        cd "$CWD"
        exec setpriv --no-new-privs --inh-caps=-all --bounding-set=-all -- "$@"
        """;

    /// <summary>The end of the chain, under the filter and without capabilities: reports the start, applies the environment, runs the command.</summary>
    private const string Start = """echo started >&4 && exec 4>&- || exit 125; unset OLDPWD; eval "$(cat)"; "$@"; exit $?""";

    private static readonly string[] DeviceNodes = ["null", "zero", "full", "random", "urandom", "tty"];

    private static readonly (string Link, string Target)[] DeviceLinks =
        [("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2"), ("ptmx", "pts/ptmx")];

    private readonly string _unshare;
    private readonly string _setpriv;

    /// <summary>perl and its program that load the filter, then exec the rest of the chain; null when the job runs unfiltered.</summary>
    private readonly string[]? _loader;

    /// <param name="perl">null when perl is missing: jobs then run without a filter, and say so.</param>
    public UnshareIsolation(string unshare, string setpriv, string? perl)
    {
        (_unshare, _setpriv) = (unshare, setpriv);
        if (SeccompFilter.Table.OfThisMachine is not { } table)
        {
            Weaknesses = [SeccompFilter.MissingOnThisMachine];
        }
        else if (perl is null)
        {
            Weaknesses = ["no seccomp filter (perl is missing)"];
        }
        else
        {
            Weaknesses = [];
            _loader = [perl, "-e", Loader(table.Numbers["prctl"]), "--"];
        }
    }

    public string Name => "unshare";

    public IReadOnlyList<string> Weaknesses { get; }

    public LaunchSpec Build(SandboxLaunch launch)
    {
        var fstab = Path.Combine(launch.Layout.Directory, "fstab");
        File.WriteAllText(fstab, PrepareRoot(launch.Layout.NewRoot, launch.Mounts));

        List<string> args =
        [
            "--pdeathsig", "KILL", "--",
            // The job is SandboxUser.Id in a user namespace of its own (user keyrings of its own too); the script keeps
            // the namespace's capabilities (ambient) for the mounts and pivot_root, then setpriv drops them all.
            _unshare, "--user", "--map-user=" + SandboxUser.Id, "--map-group=" + SandboxUser.Id, "--keep-caps",
            "--pid", "--fork", "--kill-child", "--mount", "--mount-proc", "--net", "--ipc", "--uts",
            "--", "/bin/sh", "-c", Script, "dgm-sandbox", launch.Layout.NewRoot, launch.WorkingDirectory, fstab,
        ];
        string? filterFile = null;
        if (_loader is not null)
        {
            filterFile = launch.Layout.SeccompFile;
            File.WriteAllBytes(filterFile, SeccompFilter.OfThisMachine!);
            args.AddRange(_loader);
        }

        args.AddRange(["/bin/sh", "-c", Start, "sh", .. launch.Command]);

        var exports = new StringBuilder();
        foreach (var (name, value) in launch.Environment)
        {
            exports.Append("export ").Append(name).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'\n");
        }

        return new LaunchSpec(_setpriv, args, Encoding.UTF8.GetBytes(exports.ToString()), filterFile);
    }

    /// <summary>
    /// Reads the program from fd 5 (and closes it), loads it with prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
    /// struct sock_fprog *) — allowed without privileges since setpriv set no-new-privs — and execs its arguments.
    /// Any failure stops the chain before the command, so a job never runs unfiltered by accident.
    /// </summary>
    private static string Loader(uint prctl) => $$"""
        open(my $f, "<&=", 5) or die "dgm-sandbox: no seccomp program on fd 5: $!\n";
        binmode $f; my $p = do { local $/; <$f> }; close $f;
        my $fprog = pack("S x![P] P", length($p) / 8, $p);
        syscall({{prctl}}, 22, 2, $fprog) == 0 or die "dgm-sandbox: cannot load the seccomp program: $!\n";
        exec { $ARGV[0] } @ARGV or die "dgm-sandbox: cannot run $ARGV[0]: $!\n";
        """;

    /// <summary>Creates the root's mount points and symlinks on the host and returns the fstab that mounts the plan onto them.</summary>
    private static string PrepareRoot(string root, IReadOnlyList<MountStep> steps)
    {
        Directory.CreateDirectory(root);
        var fstab = new StringBuilder();
        void Mount(string source, string target, string type, string options) =>
            fstab.Append(Escape(source)).Append(' ').Append(Escape(root + target)).Append(' ').Append(type).Append(' ').Append(options).Append(" 0 0\n");

        Mount(root, "", "none", "bind,ro,nosuid,nodev");
        // Paths below these come from the mounted file system, so the skeleton needs no mount point for them.
        var mounted = new List<string>();
        string Point(string path, bool directory)
        {
            if (!mounted.Any(m => path.StartsWith(m + "/", StringComparison.Ordinal)))
            {
                var full = root + path;
                Directory.CreateDirectory(directory ? full : Path.GetDirectoryName(full)!);
                if (!directory)
                {
                    File.WriteAllBytes(full, []);
                }
            }

            return path;
        }

        foreach (var step in steps)
        {
            switch (step)
            {
                case ReadOnlyBind b:
                    var directory = Directory.Exists(b.Source);
                    Mount(b.Source, Point(b.Target, directory), "none", "bind,ro,nosuid,nodev");
                    if (directory)
                    {
                        mounted.Add(b.Target);
                    }

                    break;
                case WritableBind b:
                    Mount(b.Source, Point(b.Target, directory: true), "none", "bind,nosuid,nodev");
                    mounted.Add(b.Target);
                    break;
                case Symlink s:
                    Directory.CreateDirectory(Path.GetDirectoryName(root + s.Path)!);
                    File.CreateSymbolicLink(root + s.Path, s.LinkTarget);
                    break;
                case HideFile h:
                    Mount("/dev/null", Point(h.Path, directory: false), "none", "bind,ro,nosuid,nodev");
                    break;
                case HideDirectory h:
                    Mount("dgm-hidden", Point(h.Path, directory: true), "tmpfs", "ro,size=4k,mode=0755");
                    mounted.Add(h.Path);
                    break;
                case ProcMount p:
                    Mount("proc", Point(p.Path, directory: true), "proc", "nosuid,nodev,noexec");
                    mounted.Add(p.Path);
                    break;
                case DevMount d:
                    foreach (var node in DeviceNodes)
                    {
                        Mount("/dev/" + node, Point($"{d.Path}/{node}", directory: false), "none", "bind,nosuid,noexec");
                    }

                    foreach (var (link, target) in DeviceLinks)
                    {
                        File.CreateSymbolicLink($"{root}{d.Path}/{link}", target);
                    }

                    Mount("devpts", Point(d.Path + "/pts", directory: true), "devpts", "newinstance,ptmxmode=0666,mode=0620,nosuid,noexec");
                    Mount("dgm-shm", Point(d.Path + "/shm", directory: true), "tmpfs", $"size={Bytes(d.ShmBytes)},mode=1777,nosuid,nodev");
                    break;
                case SizedTmpfs t:
                    Mount("dgm-tmp", Point(t.Path, directory: true), "tmpfs", $"size={Bytes(t.Bytes)},mode=1777,nosuid,nodev");
                    mounted.Add(t.Path);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(steps), step, "unknown mount step");
            }
        }

        return fstab.ToString();
    }

    // fstab fields are separated by white space; libmount reads these octal escapes.
    private static string Escape(string field) =>
        field.Replace("\\", "\\134", StringComparison.Ordinal).Replace(" ", "\\040", StringComparison.Ordinal)
            .Replace("\t", "\\011", StringComparison.Ordinal).Replace("\n", "\\012", StringComparison.Ordinal);

    private static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture);
}
