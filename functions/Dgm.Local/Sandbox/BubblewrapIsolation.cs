using System.Globalization;
using System.Text;

namespace Dgm.Local.Sandbox;

/// <summary>
/// bubblewrap: new user, pid, net, ipc, uts and cgroup namespaces, every capability dropped, a new session, a cleared
/// environment, dies with its parent. The job is uid and gid <see cref="SandboxUser.Id"/> in a user namespace of its own (so
/// it has user keyrings of its own, and no further user namespace) under the <see cref="SeccompFilter"/>. The whole argument list goes through stdin (<c>--args 0</c>) so the job's
/// environment never appears in a host process list (bwrap takes the command itself only from argv); the command
/// then sees stdin at end of file.
/// </summary>
internal sealed class BubblewrapIsolation(string bwrap) : IIsolation
{
    public string Name => "bubblewrap";

    public IReadOnlyList<string> Weaknesses { get; } = SeccompFilter.OfThisMachine is null ? [SeccompFilter.MissingOnThisMachine] : [];

    public LaunchSpec Build(SandboxLaunch launch)
    {
        List<string> args =
        [
            "--unshare-user", "--uid", SandboxUser.Id, "--gid", SandboxUser.Id, "--disable-userns",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--clearenv",
            // As root bwrap keeps the capabilities unless told otherwise; with them a job could remount /usr read-write.
            "--cap-drop", "ALL",
        ];
        string? filterFile = null;
        if (SeccompFilter.OfThisMachine is { } filter)
        {
            filterFile = launch.Layout.SeccompFile;
            File.WriteAllBytes(filterFile, filter);
            args.AddRange(["--seccomp", "5"]);
        }

        foreach (var step in launch.Mounts)
        {
            args.AddRange(Translate(step));
        }

        // bwrap's root, /run and /dev are tmpfs that uid 0 could otherwise fill without limit.
        args.AddRange(["--remount-ro", "/", "--chdir", launch.WorkingDirectory]);
        foreach (var (name, value) in launch.Environment)
        {
            args.AddRange(["--setenv", name, value]);
        }

        args.AddRange(["--json-status-fd", "4"]);
        var stdin = new StringBuilder();
        foreach (var arg in args)
        {
            stdin.Append(arg).Append('\0');
        }

        return new LaunchSpec(bwrap, ["--args", "0", "--", .. launch.Command], Encoding.UTF8.GetBytes(stdin.ToString()), filterFile);
    }

    private static IEnumerable<string> Translate(MountStep step) => step switch
    {
        ReadOnlyBind b => ["--ro-bind", b.Source, b.Target],
        WritableBind b => ["--bind", b.Source, b.Target],
        Symlink s => ["--symlink", s.LinkTarget, s.Path],
        HideFile h => ["--ro-bind", "/dev/null", h.Path],
        HideDirectory h => ["--tmpfs", h.Path, "--remount-ro", h.Path],
        ProcMount p => ["--proc", p.Path],
        DevMount d => ["--dev", d.Path, "--size", Bytes(d.ShmBytes), "--tmpfs", d.Path + "/shm", "--remount-ro", d.Path],
        SizedTmpfs t => ["--size", Bytes(t.Bytes), "--tmpfs", t.Path],
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "unknown mount step"),
    };

    private static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture);
}
