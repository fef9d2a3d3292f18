using System.Runtime.CompilerServices;
using Dgm.Core.Artifacts;

namespace Dgm.Local.Artifacts;

/// <summary>
/// The artifact store as a folder: a key is a relative file path. Writes go to a temporary file that is renamed
/// into place, so a reader never sees half an artifact and a crash leaves no torn record. Mutable records are
/// versioned by their content hash and updated under an exclusive lock file, which also holds across processes.
/// </summary>
public sealed class DiskArtifactStore : IArtifactStore
{
    private const string TempPrefix = ".tmp-";
    private const string LockSuffix = ".lock~";

    public DiskArtifactStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public async Task<ArtifactRef> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var sha = ContentHash.Of(content.Span);
        if (!File.Exists(path))
        {
            var temp = await WriteTempAsync(path, content, cancellationToken);
            try
            {
                File.Move(temp, path, overwrite: false);
                return new ArtifactRef(key, sha, content.Length);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another writer won the race; fall through to the comparison.
                File.Delete(temp);
            }
        }

        var stored = ContentHash.Of(await File.ReadAllBytesAsync(path, cancellationToken));
        return stored == sha ? new ArtifactRef(key, sha, content.Length) : throw new ArtifactConflictException(key, stored, sha);
    }

    public async Task<StoredArtifact?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            return new StoredArtifact(key, content, ContentHash.Of(content));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // List from the deepest folder the prefix names, then filter by the full prefix.
        var folder = prefix.Contains('/', StringComparison.Ordinal) ? prefix[..prefix.LastIndexOf('/')] : "";
        var start = folder.Length == 0 ? Root : PathOf(folder);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var keys = Directory.EnumerateFiles(start, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith(TempPrefix, StringComparison.Ordinal) && !f.EndsWith(LockSuffix, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask;
    }

    public async Task<string> PutMutableAsync(string key, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var guard = await AcquireLockAsync(path + LockSuffix, cancellationToken);

        string? actual = File.Exists(path) ? ContentHash.Of(await File.ReadAllBytesAsync(path, cancellationToken)) : null;
        if (actual != expectedVersion)
        {
            throw new ArtifactVersionConflictException(key, expectedVersion, actual);
        }

        var temp = await WriteTempAsync(path, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return ContentHash.Of(content.Span);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key) => Path.Combine(Root, ArtifactKey.Validate(key).Replace('/', Path.DirectorySeparatorChar));

    private static async Task<string> WriteTempAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        return temp;
    }

    private static async Task<FileStream> AcquireLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                // The lock file stays: deleting it on close would let a waiter lock the old inode while another locks a new one.
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException)
            {
                await Task.Delay(2, cancellationToken);
            }
        }
    }
}
