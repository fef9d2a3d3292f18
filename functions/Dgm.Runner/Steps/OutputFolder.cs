using Dgm.Jobs;
using Dgm.Jobs.Files;

namespace Dgm.Runner.Steps;

/// <summary>
/// The runner's output folder (<see cref="JobPaths.Output"/>). Whatever stands at an output's path is removed before it
/// is written, and the folder itself is checked to be a real folder, so a link a job planted is replaced, never
/// written through.
/// </summary>
internal sealed class OutputFolder(string root)
{
    public void Write(string name, ReadOnlySpan<byte> content)
    {
        using var file = new FileStream(PathFor(name), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write });
        file.Write(content);
    }

    /// <summary>The path of a new output (anything already there removed).</summary>
    public string PathFor(string name)
    {
        var folder = Path.Combine(root, JobPaths.Output);
        if (FileStat.Lstat(folder) is { Kind: not FileKind.Directory })
        {
            File.Delete(folder);
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        switch (FileStat.Lstat(path)?.Kind)
        {
            case FileKind.Directory:
                Directory.Delete(path, recursive: true);
                break;
            case not null:
                File.Delete(path);
                break;
        }

        return path;
    }

    /// <summary>Copies a file a child wrote into the outputs, if it is a regular file (never through a link).</summary>
    public void Copy(string source, string name)
    {
        if (FileStat.Lstat(source) is { Kind: FileKind.Regular })
        {
            File.Copy(source, PathFor(name));
        }
    }
}
