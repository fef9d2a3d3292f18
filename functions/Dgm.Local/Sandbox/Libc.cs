using System.Runtime.InteropServices;

namespace Dgm.Local.Sandbox;

/// <summary>The few system calls the sandbox needs that .NET does not expose: signals by pid, tmpfs mounts and a stat that never follows symlinks.</summary>
internal static class Libc
{
    public const int SigKill = 9;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxBlocks = 0x400;
    private const int MntDetach = 2;

    /// <summary>Sends SIGKILL; false when the process is already gone.</summary>
    public static bool Kill(int pid) => kill(pid, SigKill) == 0;

    public static void MountTmpfs(string target, long sizeBytes)
    {
        if (mount("dgm-job", target, "tmpfs", 0, $"size={sizeBytes},mode=0755") != 0)
        {
            throw new IOException($"mount tmpfs on {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Detaches a mount (lazily, so a process still holding a file open cannot make it fail).</summary>
    public static void Unmount(string target)
    {
        if (umount2(target, MntDetach) != 0)
        {
            throw new IOException($"umount {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The type, mode and allocated size of <paramref name="path"/> itself (a symlink is reported as a symlink), or null when it does not exist.</summary>
    public static NoFollowStat? Lstat(string path)
    {
        // struct statx has the same layout on every architecture, unlike struct stat.
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxBlocks, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer, 28);
        var type = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Other,
        };
        var device = ((long)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new NoFollowStat(type, (UnixFileMode)(mode & 0xFFF), BitConverter.ToInt64(buffer, 48) * 512, device);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int mount(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string fileSystemType,
        ulong flags,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string data);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}

internal enum FileKind
{
    Regular,
    Directory,
    Symlink,

    /// <summary>FIFOs, sockets and devices: never read from the host side (a FIFO would block forever).</summary>
    Other,
}

/// <param name="Device">The file system it lives on (major &lt;&lt; 32 | minor): differs from the parent's at a mount point.</param>
internal sealed record NoFollowStat(FileKind Kind, UnixFileMode Mode, long AllocatedBytes, long Device);
