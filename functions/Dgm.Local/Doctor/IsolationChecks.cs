using System.Globalization;
using Dgm.Local.Sandbox;

namespace Dgm.Local.Doctor;

/// <summary>Which isolation the local sandbox will use, and what this host lets it add: cgroups, user namespaces, seccomp.</summary>
internal static class IsolationChecks
{
    private const string InstallBubblewrap = "apt-get install bubblewrap";

    public static IEnumerable<DoctorCheck> For(LocalSandboxOptions options)
    {
        yield return Isolation(options);
        yield return Cgroups(options);
        yield return UserNamespaces();
        yield return Seccomp(options);
    }

    private static DoctorCheck Isolation(LocalSandboxOptions options)
    {
        const string name = "isolation";
        return IsolationChoice.For(options) switch
        {
            (null, var problem) => DoctorCheck.Fail(name, problem, InstallBubblewrap),
            ({ Name: "unshare" }, _) when !options.ForceUnshare => DoctorCheck.Warn(name,
                "unshare: bubblewrap (bwrap) is not installed, so jobs run under util-linux unshare, setpriv and pivot_root", InstallBubblewrap),
            (var isolation, _) => DoctorCheck.Ok(name, options.ForceUnshare ? $"{isolation.Name} (forced by --sandbox unshare)" : isolation.Name),
        };
    }

    private static DoctorCheck Cgroups(LocalSandboxOptions options)
    {
        const string name = "cgroups";
        if (!options.UseCgroups)
        {
            return DoctorCheck.Warn(name, "disabled by the sandbox options: memory, processes and CPU are watched through /proc", "enable cgroups in the sandbox options");
        }

        return CgroupHierarchy.OfHost() switch
        {
            (CgroupV1, _) => DoctorCheck.Ok(name, "v1: the kernel enforces memory, processes and CPU"),
            (CgroupV2, _) => DoctorCheck.Ok(name, "v2: the kernel enforces memory, processes and CPU"),
            (_, var problem) => DoctorCheck.Warn(name,
                $"not usable ({problem}): memory, processes and CPU are sampled from /proc, so a fast burst can overshoot a limit",
                "run dgm where it can create cgroups: as root, or in a systemd scope with a delegated cgroup (systemd-run --user --scope -p Delegate=yes dgm ...)"),
        };
    }

    private static DoctorCheck UserNamespaces()
    {
        const string name = "user namespaces";
        var max = ReadSysctl("/proc/sys/user/max_user_namespaces");
        var unprivileged = ReadSysctl("/proc/sys/kernel/unprivileged_userns_clone");
        return (max, unprivileged) switch
        {
            (0, _) => DoctorCheck.Fail(name, "disabled (user.max_user_namespaces = 0): jobs cannot get a user namespace of their own",
                "sysctl -w user.max_user_namespaces=15000 (and persist it in /etc/sysctl.d)"),
            (_, 0) when !Environment.IsPrivilegedProcess => DoctorCheck.Fail(name,
                "disabled for ordinary users (kernel.unprivileged_userns_clone = 0): an unprivileged sandbox cannot isolate jobs",
                "sysctl -w kernel.unprivileged_userns_clone=1 (and persist it in /etc/sysctl.d)"),
            _ => DoctorCheck.Ok(name,
                $"available ({max?.ToString(CultureInfo.InvariantCulture) ?? "no limit read"} allowed): each job is uid {SandboxUser.Id} in one of its own, with keyrings of its own"),
        };
    }

    private static DoctorCheck Seccomp(LocalSandboxOptions options)
    {
        const string name = "seccomp";
        var supported = File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Seccomp:", StringComparison.Ordinal));
        var isolation = IsolationChoice.For(options).Isolation;
        if (!supported)
        {
            return DoctorCheck.Warn(name, "no system-call filter: this kernel has no seccomp", "none locally; run agents you do not trust on ACI");
        }

        return isolation switch
        {
            null => DoctorCheck.Warn(name, "no system-call filter: no isolation is usable", InstallBubblewrap),
            { Weaknesses: [] } => DoctorCheck.Ok(name,
                $"{isolation.Name} jobs run under a filter that denies {SeccompFilter.Denied.Count} calls (keyrings, io_uring, ptrace, mounts, namespaces, BPF, perf, modules, …)"),
            _ when SeccompFilter.OfThisMachine is null => DoctorCheck.Warn(name, $"{isolation.Name}: {SeccompFilter.MissingOnThisMachine}", "run agents you do not trust on ACI"),
            // Only unshare has a filter to lose otherwise: its loader is perl.
            _ => DoctorCheck.Warn(name, $"{isolation.Name}: {isolation.Weaknesses[0]}", $"apt-get install perl-base, or {InstallBubblewrap}"),
        };
    }

    private static long? ReadSysctl(string path) =>
        File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
