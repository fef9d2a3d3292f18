using System.Formats.Tar;
using System.IO.Compression;
using Dgm.Jobs.Files;

namespace Dgm.Jobs.Archives;

/// <summary>How much an archive may unpack to: a gzip bomb stops at these instead of filling memory or disk.</summary>
public sealed record ArchiveLimits(long MaxBytes, int MaxEntries)
{
    /// <summary>Generous for agent sources, suites and job outputs; far below what would hurt a host.</summary>
    public static ArchiveLimits Default { get; } = new(4L * 1024 * 1024 * 1024, 1_000_000);

    /// <summary>For archives read into memory (the diagnosis reads a parent's snapshot): an agent's sources, not a disk's worth.</summary>
    public static ArchiveLimits InMemory { get; } = new(256L * 1024 * 1024, 100_000);
}

/// <summary>
/// The one tar reader (tar.gz, or plain tar as the Docker Engine sends a folder). Entry names must stay inside the
/// target (no absolute paths, no '..'); nothing is ever written through a symlink; only files, folders, symlinks and
/// hard links (copied) are accepted; the unpacked size and entry count are capped. Symlink targets are kept as they are: only a sandboxed job follows them.
/// </summary>
public static class TarExtractor
{
    public static void Extract(Stream archive, string target, ArchiveLimits? limits = null)
    {
        using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
        ExtractTar(gzip, target, limits);
    }

    /// <summary>Unpacks an uncompressed tar stream with the same rules.</summary>
    public static void ExtractTar(Stream archive, string target, ArchiveLimits? limits = null)
    {
        var budget = new Budget(limits ?? ArchiveLimits.Default);
        Directory.CreateDirectory(target);
        using var tar = new TarReader(archive, leaveOpen: true);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes || EntryPath(entry.Name) is not { Length: > 0 } relative)
            {
                continue;
            }

            budget.Count(entry);
            var destination = Path.Combine(target, relative);
            RelativePath.EnsureNoSymlinkBelow(target, destination);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (FileStat.Lstat(destination) is { Kind: not FileKind.Directory })
            {
                // A later entry replaces an earlier one, as tar does; deleting first means never writing through a link.
                File.Delete(destination);
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(destination);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    entry.ExtractToFile(destination, overwrite: true);
                    break;
                case TarEntryType.SymbolicLink:
                    File.CreateSymbolicLink(destination, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var source = Path.Combine(target, EntryPath(entry.LinkName));
                    RelativePath.EnsureNoSymlinkBelow(target, source);
                    if (FileStat.Lstat(source) is not { Kind: FileKind.Regular } stat)
                    {
                        throw new InvalidDataException($"Archive entry '{entry.Name}' links to '{entry.LinkName}', which is not a file extracted before it.");
                    }

                    budget.Add(entry.Name, stat.Size);
                    File.Copy(source, destination, overwrite: true);
                    break;
                default:
                    throw new InvalidDataException($"Archive entry '{entry.Name}' is a {entry.EntryType}; archives may hold files, folders and links only.");
            }
        }
    }

    public static void Extract(byte[] archive, string target, ArchiveLimits? limits = null)
    {
        using var stream = new MemoryStream(archive, writable: false);
        Extract(stream, target, limits);
    }

    /// <summary>The archive's regular files as (relative path, content), for readers that need no disk; capped by <see cref="ArchiveLimits.InMemory"/> unless told otherwise.</summary>
    public static IReadOnlyDictionary<string, byte[]> ReadFiles(byte[] archive, ArchiveLimits? limits = null)
    {
        var budget = new Budget(limits ?? ArchiveLimits.InMemory);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(archive, writable: false), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            budget.Count(entry);
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                && entry.DataStream is { } data && EntryPath(entry.Name) is { Length: > 0 } relative)
            {
                using var copy = new MemoryStream();
                data.CopyTo(copy);
                files[relative] = copy.ToArray();
            }
        }

        return files;
    }

    private static string EntryPath(string name)
    {
        try
        {
            return name.Trim('/').Length == 0 || name is "." or "./" ? "" : RelativePath.Normalize(name, "Archive entry");
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>Counts entries and bytes as they are read; the header's size is checked before any data is.</summary>
    private sealed class Budget(ArchiveLimits limits)
    {
        private long _bytes;
        private int _entries;

        public void Count(TarEntry entry)
        {
            if (++_entries > limits.MaxEntries)
            {
                throw new InvalidDataException($"The archive has more than {limits.MaxEntries} entries; refusing to unpack it.");
            }

            Add(entry.Name, entry.Length);
        }

        public void Add(string name, long bytes)
        {
            _bytes += bytes;
            if (_bytes > limits.MaxBytes)
            {
                throw new InvalidDataException($"The archive unpacks to more than {limits.MaxBytes} bytes (at '{name}'); refusing to unpack it.");
            }
        }
    }
}
