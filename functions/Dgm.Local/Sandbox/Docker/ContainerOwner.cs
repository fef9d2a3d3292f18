using System.Globalization;

namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// The dgm process that started a container, as a label value (<c>boot id/pid/start time</c>): a later process on the
/// same host can tell that its owner died and remove it, while containers of live processes, and of other hosts that
/// share the Engine, are left alone.
/// </summary>
internal static class ContainerOwner
{
    public const string Label = "dgm.owner";

    private static readonly string BootId = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();

    /// <summary>This process.</summary>
    public static string Current { get; } = Of(Environment.ProcessId);

    /// <summary>Whether <paramref name="owner"/> names a process of this boot of this host that no longer runs.</summary>
    public static bool IsDead(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != BootId || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        return ProcFs.Read(pid)?.StartTime.ToString(CultureInfo.InvariantCulture) != parts[2];
    }

    private static string Of(int pid) =>
        $"{BootId}/{pid.ToString(CultureInfo.InvariantCulture)}/{ProcFs.Read(pid)!.StartTime.ToString(CultureInfo.InvariantCulture)}";
}
