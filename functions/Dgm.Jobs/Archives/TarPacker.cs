using System.Formats.Tar;
using System.IO.Compression;
using Dgm.Jobs.Files;

namespace Dgm.Jobs.Archives;

/// <summary>
/// The one deterministic tar.gz writer: entries sorted by name, owners dropped, times pinned to the epoch, modes
/// normalised (0755 for folders and executables, 0644 otherwise), gzip without a timestamp — so the same tree always
/// packs to the same bytes and hashes to the same content address. Symlinks are stored as links and never followed
/// (a link to a host file must not carry that file out); FIFOs, sockets and devices are skipped.
/// </summary>
public static class TarPacker
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Plain = (UnixFileMode)0b110_100_100;

    /// <summary>Packs the tree below <paramref name="root"/>, except what <paramref name="exclude"/> rejects (given the relative path).</summary>
    public static void Pack(string root, Stream destination, Func<string, bool>? exclude = null) =>
        Write(destination, TreeWalk.Below(root)
            .Select(e => (Name: Relative(root, e.Path), e.Path, e.Stat))
            .Where(e => exclude is null || !exclude(e.Name))
            .OrderBy(e => e.Name, StringComparer.Ordinal));

    public static byte[] Pack(string root, Func<string, bool>? exclude = null)
    {
        using var output = new MemoryStream();
        Pack(root, output, exclude);
        return output.ToArray();
    }

    /// <summary>Packs exactly the listed files (relative, '/'-separated); a listed path that is not a file or a link is skipped.</summary>
    public static void PackFiles(string root, IEnumerable<string> relativePaths, Stream destination) =>
        Write(destination, relativePaths
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => (Name: name, Path: Path.Combine(root, RelativePath.Normalize(name, "Packed path")), Stat: FileStat.Lstat(Path.Combine(root, name))))
            .Where(e => e.Stat is { Kind: FileKind.Regular or FileKind.Symlink })
            .Select(e => (e.Name, e.Path, e.Stat!)));

    public static byte[] PackFiles(string root, IEnumerable<string> relativePaths)
    {
        using var output = new MemoryStream();
        PackFiles(root, relativePaths, output);
        return output.ToArray();
    }

    private static void Write(Stream destination, IEnumerable<(string Name, string Path, NoFollowStat Stat)> entries)
    {
        // GZipStream writes no timestamp and no file name, so equal input gives equal bytes.
        using var gzip = new GZipStream(destination, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true);
        var written = 0;
        foreach (var (name, path, stat) in entries)
        {
            var entry = stat.Kind switch
            {
                FileKind.Directory => Entry(TarEntryType.Directory, name + "/", Executable),
                FileKind.Regular => Entry(TarEntryType.RegularFile, name, (stat.Mode & UnixFileMode.UserExecute) != 0 ? Executable : Plain),
                FileKind.Symlink => Entry(TarEntryType.SymbolicLink, name, Executable),
                _ => null,
            };
            if (entry is null)
            {
                continue;
            }

            if (stat.Kind == FileKind.Symlink)
            {
                entry.LinkName = new FileInfo(path).LinkTarget!;
            }

            using var data = stat.Kind == FileKind.Regular ? File.OpenRead(path) : null;
            if (data is not null)
            {
                entry.DataStream = data;
            }

            tar.WriteEntry(entry);
            written++;
        }

        if (written == 0)
        {
            // TarWriter ends an archive only after an entry; an empty tree still gets the two zero records that end a tar.
            gzip.Write(new byte[2 * 512]);
        }
    }

    /// <summary>
    /// A GNU entry with every time pinned. GNU, not PAX: .NET names each PAX header after the writing process's id, so
    /// the same tree would pack differently in two processes; GNU carries long names in fixed ././@LongLink entries.
    /// </summary>
    private static GnuTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        ModificationTime = DateTimeOffset.UnixEpoch,
        AccessTime = DateTimeOffset.UnixEpoch,
        ChangeTime = DateTimeOffset.UnixEpoch,
        Mode = mode,
        Uid = 0,
        Gid = 0,
        UserName = "",
        GroupName = "",
    };

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
