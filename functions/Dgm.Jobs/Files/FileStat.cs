using System.Runtime.InteropServices;

namespace Dgm.Jobs.Files;

public enum FileKind
{
    Regular,
    Directory,
    Symlink,

    /// <summary>FIFOs, sockets and devices: never read (a FIFO would block forever).</summary>
    Other,
}

/// <summary>
/// What a stat that does not follow links says of a path: its kind, permission bits, size, allocated bytes, and the
/// file system it lives on (major &lt;&lt; 32 | minor), which differs from the parent's at a mount point.
/// </summary>
public sealed record NoFollowStat(FileKind Kind, UnixFileMode Mode, long Size, long AllocatedBytes, long Device);

/// <summary>A stat that never follows symlinks (.NET has none that reports the file type).</summary>
public static partial class FileStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const uint StatxBlocks = 0x400;

    /// <summary>The type, mode and sizes of <paramref name="path"/> itself (a symlink is reported as a symlink), or null when it does not exist.</summary>
    public static NoFollowStat? Lstat(string path)
    {
        // struct statx has the same layout on every architecture, unlike struct stat.
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxSize | StatxBlocks, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt16(buffer[28..]);
        var type = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Other,
        };
        var device = ((long)BitConverter.ToUInt32(buffer[136..]) << 32) | BitConverter.ToUInt32(buffer[140..]);
        return new NoFollowStat(type, (UnixFileMode)(mode & 0xFFF), BitConverter.ToInt64(buffer[40..]), BitConverter.ToInt64(buffer[48..]) * 512, device);
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, Span<byte> buffer);
}
