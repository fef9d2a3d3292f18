using System.Formats.Tar;
using System.IO.Compression;

namespace Dgm.Core.Archives;

/// <summary>
/// Deterministic tar.gz of a file tree: entries sorted by name, fixed time and owner, so the same tree always
/// packs to the same bytes and hashes to the same content address. Unpacking refuses entries that would land
/// outside the target folder.
/// </summary>
public static class TarGz
{
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    /// <summary>Packs the given files (paths relative to <paramref name="root"/>, '/'-separated).</summary>
    public static byte[] Pack(string root, IEnumerable<string> relativePaths)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var relative in relativePaths.Order(StringComparer.Ordinal))
            {
                var full = Path.Combine(root, relative);
                using var data = File.OpenRead(full);
                var entry = Entry(relative);
                entry.Mode = IsExecutable(full) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
                entry.DataStream = data;
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>Packs every file below <paramref name="root"/> except those <paramref name="exclude"/> rejects (given the relative path).</summary>
    public static byte[] PackDirectory(string root, Func<string, bool>? exclude = null) =>
        Pack(root, Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(r => exclude is null || !exclude(r)));

    /// <summary>
    /// A ustar entry where the name fits, else PAX with every time attribute pinned: a plain PAX entry stamps the
    /// current access and change times into its header, which would make equal trees hash differently.
    /// </summary>
    private static TarEntry Entry(string name)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(name) <= 100)
        {
            return new UstarTarEntry(TarEntryType.RegularFile, name) { ModificationTime = FixedTime };
        }

        var epoch = FixedTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new PaxTarEntry(TarEntryType.RegularFile, name, [new("mtime", epoch), new("atime", epoch), new("ctime", epoch)]) { ModificationTime = FixedTime };
    }

    public static void Unpack(byte[] archive, string target)
    {
        var root = Path.GetFullPath(target);
        Directory.CreateDirectory(root);
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var destination = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Archive entry '{entry.Name}' would be written outside {target}.");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(destination);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    entry.ExtractToFile(destination, overwrite: true);
                    break;
                default:
                    throw new InvalidDataException($"Archive entry '{entry.Name}' is a {entry.EntryType}; only files and directories are allowed.");
            }
        }
    }

    /// <summary>The archive's files as (relative path, content), for readers that need no disk.</summary>
    public static IReadOnlyDictionary<string, byte[]> Read(byte[] archive)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is { } data)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                files[entry.Name.TrimStart('.', '/')] = copy.ToArray();
            }
        }

        return files;
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
