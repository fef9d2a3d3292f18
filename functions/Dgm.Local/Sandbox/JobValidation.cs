using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Jobs.Files;

namespace Dgm.Local.Sandbox;

/// <summary>What the local and Docker sandboxes refuse before they create anything.</summary>
internal static class JobValidation
{
    /// <summary>The process sandboxes run on the host's own file system, so a job that needs an image is not theirs.</summary>
    public static void RefuseImage(SandboxJob job)
    {
        if (job.Image is not null)
        {
            throw new NotSupportedException(
                $"Job '{job.Id}' needs the container image '{job.Image}'; bubblewrap and unshare cannot run container tasks " +
                "(such as SWE-bench instances). Run them on the Docker sandbox (--sandbox docker) or on Azure Container Instances.");
        }
    }

    public static void Check(SandboxJob job, LocalSandboxOptions options)
    {
        RelativePath.Segment(job.RunId, "Run id");
        RelativePath.Segment(job.Id, "Job id");
        if (job.Command.Count == 0 || string.IsNullOrEmpty(job.Command[0]))
        {
            throw new ArgumentException($"Job '{job.Id}' has no command.");
        }

        if (job.Command[0] == JobPaths.Runner && !File.Exists(options.RunnerPath))
        {
            throw new InvalidOperationException(
                $"Job '{job.Id}' runs the sandbox runner, which is missing at {options.RunnerPath}; build the host (dotnet build), which publishes functions/Dgm.Runner next to it.");
        }

        var limits = job.Limits;
        if (limits.WallSeconds <= 0 || limits.CpuSeconds <= 0 || limits.MemoryMb <= 0 || limits.Processes <= 0 || limits.DiskMb <= 0 || limits.OutputBytes < 0 || limits.Cpus <= 0)
        {
            throw new ArgumentException($"Job '{job.Id}' has a limit that is not positive: {limits}.");
        }

        foreach (var input in job.Inputs)
        {
            if (RelativePath.Normalize(input.Path, $"Input path of '{input.ArtifactKey}'").Length == 0 && !input.Unpack)
            {
                throw new ArgumentException($"Input '{input.ArtifactKey}' is a file and needs a file name, not the job root.");
            }
        }

        foreach (var output in job.Outputs)
        {
            RelativePath.Normalize(output.Path, $"Output path for '{output.ArtifactKey}'");
        }

        RelativePath.Normalize(job.WorkingDirectory, "Working directory");
        var folders = new List<string>();
        foreach (var folder in job.ImageFolders)
        {
            if (job.Image is null || !folder.StartsWith('/') || RelativePath.Normalize(folder.TrimStart('/'), "Image folder") is not { Length: > 0 } normalized)
            {
                throw new ArgumentException($"Job '{job.Id}' has the image folder '{folder}'; it must be an absolute folder below / of the job's image.");
            }

            // Copies of nested folders would hide one another.
            if (folders.FirstOrDefault(f => normalized == f || normalized.StartsWith(f + "/", StringComparison.Ordinal) || f.StartsWith(normalized + "/", StringComparison.Ordinal)) is { } other)
            {
                throw new ArgumentException($"Job '{job.Id}' has the image folders '/{other}' and '{folder}'; one is inside the other.");
            }

            folders.Add(normalized);
        }

        if (job.Network == NetworkPolicy.GatewayOnly)
        {
            if (options.GatewaySocket is null || !File.Exists(options.GatewaySocket))
            {
                throw new InvalidOperationException(
                    $"Job '{job.Id}' may reach the model gateway, but no gateway socket is listening ({options.GatewaySocket ?? "LocalSandboxOptions.GatewaySocket is not set"}).");
            }

            if (string.IsNullOrEmpty(job.GatewayToken))
            {
                throw new ArgumentException($"Job '{job.Id}' may reach the model gateway but has no gateway token.");
            }
        }
    }
}
