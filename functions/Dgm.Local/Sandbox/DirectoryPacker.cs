using System.Formats.Tar;
using System.IO.Compression;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Packs a directory the job wrote as tar.gz without following symlinks (a link to a host file would otherwise
/// carry the host file out): files, directories and symlinks (as links) are packed; FIFOs, sockets and devices
/// are skipped. Entries are sorted, times fixed and owners dropped, so collecting the same tree twice yields the
/// same bytes and a retried collect is an idempotent artifact write.
/// </summary>
internal static class DirectoryPacker
{
    public static async Task<byte[]> PackAsync(string directory, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, stat) in TreeWalk.Below(directory))
            {
                var name = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
                var entry = stat.Kind switch
                {
                    FileKind.Directory => new PaxTarEntry(TarEntryType.Directory, name + "/"),
                    FileKind.Regular => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = File.OpenRead(path) },
                    FileKind.Symlink => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = new FileInfo(path).LinkTarget! },
                    _ => null,
                };
                if (entry is null)
                {
                    continue;
                }

                entry.ModificationTime = DateTimeOffset.UnixEpoch;
                entry.Mode = stat.Mode;
                await tar.WriteEntryAsync(entry, cancellationToken);
                if (entry.DataStream is { } data)
                {
                    await data.DisposeAsync();
                }
            }
        }

        return output.ToArray();
    }
}
