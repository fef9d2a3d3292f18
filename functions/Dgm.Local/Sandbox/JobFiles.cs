using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Jobs.Files;
using Dgm.Jobs.Archives;

namespace Dgm.Local.Sandbox;

/// <summary>Moves a job's files between the artifact store and its job root: inputs in before the command, outputs out after it.</summary>
internal static class JobFiles
{
    public static async Task MaterializeAsync(IArtifactStore store, SandboxJob job, JobLayout layout, CancellationToken cancellationToken)
    {
        foreach (var input in job.Inputs)
        {
            var content = (await store.GetAsync(input.ArtifactKey, cancellationToken))?.Content
                ?? throw new InvalidOperationException($"Input artifact '{input.ArtifactKey}' of job '{job.Id}' does not exist.");
            var destination = layout.HostPath(RelativePath.Normalize(input.Path, "Input path"));
            if (input.Unpack)
            {
                RelativePath.EnsureNoSymlinkBelow(layout.Work, Path.Combine(destination, "-"));
                TarExtractor.Extract(content, destination);
            }
            else
            {
                RelativePath.EnsureNoSymlinkBelow(layout.Work, destination);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await File.WriteAllBytesAsync(destination, content, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Uploads the outputs that exist as asked (a directory to pack, a regular file to copy); anything else, or a path
    /// that goes through a symlink the job made, is treated as missing rather than followed. Outputs past the job's
    /// disk limit (apparent or allocated size) or entry cap are left behind, and the reason is returned for the job's
    /// result: a job's files can fail that job, never the run that collects it.
    /// </summary>
    public static async Task<(IReadOnlyList<ArtifactRef> Outputs, string? Refusal)> CollectAsync(
        IArtifactStore store, SandboxJob job, JobLayout layout, CancellationToken cancellationToken)
    {
        var collected = new List<ArtifactRef>();
        var cap = new OutputCap(job.Limits.DiskMb * 1024L * 1024, OutputCap.DefaultMaxEntries);
        foreach (var output in job.Outputs)
        {
            var path = layout.HostPath(RelativePath.Normalize(output.Path, "Output path"));
            try
            {
                RelativePath.EnsureNoSymlinkBelow(layout.Work, path);
            }
            catch (InvalidDataException)
            {
                continue;
            }

            if (cap.Admit(path, output.Path) is { } refusal)
            {
                return (collected, refusal);
            }

            var content = (output.Pack, FileStat.Lstat(path)?.Kind) switch
            {
                (true, FileKind.Directory) => TarPacker.Pack(path),
                (false, FileKind.Regular) => await File.ReadAllBytesAsync(path, cancellationToken),
                _ => null,
            };
            if (content is not null)
            {
                collected.Add(await store.PutAsync(output.ArtifactKey, content, cancellationToken));
            }
        }

        return (collected, null);
    }
}
