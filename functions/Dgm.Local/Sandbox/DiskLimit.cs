using Dgm.Jobs.Files;
namespace Dgm.Local.Sandbox;

/// <summary>
/// The size limit of the job's writable space (job root + home). Exact when privileged: the space is a tmpfs of
/// that size mounted on the host, so writes past it fail with ENOSPC, and a full tmpfs is reported as the limit hit.
/// Otherwise a watchdog sums the allocated size of the tree (throttled: walking is not free) and RLIMIT_FSIZE caps
/// any single file; a burst between two walks can overshoot.
/// </summary>
internal sealed class DiskLimit
{
    private static readonly TimeSpan WalkInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _path;
    private readonly long _bytes;
    private DateTime _nextWalk;
    private bool _exceeded;

    private DiskLimit(string path, long bytes, bool mounted)
    {
        _path = path;
        _bytes = bytes;
        Mounted = mounted;
    }

    /// <summary>True when the space is a tmpfs we mounted (and must unmount).</summary>
    public bool Mounted { get; }

    /// <summary>RLIMIT_FSIZE for the watchdog; the tmpfs needs none.</summary>
    public long? FileSizeLimit => Mounted ? null : _bytes;

    /// <summary>Mounts the tmpfs when allowed and possible; falls back to the watchdog otherwise.</summary>
    public static DiskLimit Create(string path, long bytes, bool mountTmpfs)
    {
        Directory.CreateDirectory(path);
        if (mountTmpfs && Environment.IsPrivilegedProcess)
        {
            try
            {
                Libc.MountTmpfs(path, bytes);
                return new DiskLimit(path, bytes, mounted: true);
            }
            catch (IOException)
            {
                // E.g. a container without CAP_SYS_ADMIN; the watchdog still holds the limit.
            }
        }

        return new DiskLimit(path, bytes, mounted: false);
    }

    /// <summary>Whether the job used up its space.</summary>
    public bool Exceeded(bool force = false)
    {
        if (Mounted)
        {
            return new DriveInfo(_path).AvailableFreeSpace == 0;
        }

        if (!_exceeded && (force || DateTime.UtcNow >= _nextWalk))
        {
            _exceeded = TreeWalk.Below(_path).Sum(e => e.Stat.AllocatedBytes) >= _bytes;
            _nextWalk = DateTime.UtcNow + WalkInterval;
        }

        return _exceeded;
    }
}
