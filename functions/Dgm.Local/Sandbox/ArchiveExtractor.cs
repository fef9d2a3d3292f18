using System.Formats.Tar;
using System.IO.Compression;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Unpacks a tar.gz input into the job root. Entry names must stay inside the target (no absolute paths, no
/// '..'), nothing is ever written through a symlink, and only files, directories, symlinks and hard links (copied)
/// are accepted. Symlink targets are kept as they are: only the job follows them, inside its own namespace.
/// </summary>
internal static class ArchiveExtractor
{
    public static async Task ExtractAsync(byte[] archive, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        await using var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            var relative = EntryPath(entry.Name);
            if (relative.Length == 0)
            {
                continue;
            }

            var destination = Path.Combine(target, relative);
            JobPath.EnsureNoSymlinkBelow(target, destination);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (Libc.Lstat(destination) is { Kind: not FileKind.Directory })
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
                    await entry.ExtractToFileAsync(destination, overwrite: true, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    File.CreateSymbolicLink(destination, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var source = Path.Combine(target, EntryPath(entry.LinkName));
                    JobPath.EnsureNoSymlinkBelow(target, source);
                    if (Libc.Lstat(source) is not { Kind: FileKind.Regular })
                    {
                        throw new InvalidDataException($"Archive entry '{entry.Name}' links to '{entry.LinkName}', which is not a file extracted before it.");
                    }

                    File.Copy(source, destination, overwrite: true);
                    break;
                default:
                    throw new InvalidDataException($"Archive entry '{entry.Name}' is a {entry.EntryType}; inputs may hold files, directories and links only.");
            }
        }
    }

    private static string EntryPath(string name)
    {
        try
        {
            return name.Trim('/').Length == 0 || name is "." or "./" ? "" : JobPath.Normalize(name, "Archive entry");
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }
}
