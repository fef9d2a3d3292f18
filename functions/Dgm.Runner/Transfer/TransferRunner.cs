using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Dgm.Jobs;
using Dgm.Jobs.Archives;
using Dgm.Jobs.Files;
using Dgm.Runner.Processes;

namespace Dgm.Runner.Transfer;

/// <summary>
/// The runner's transfer mode, for sandboxes that cannot move files in and out themselves (Azure Container Instances):
/// fetch the inputs through SAS URLs, run the job's command under its limits, upload the outputs, the clipped log and
/// result.json, which goes last (its presence means the job is over). The spec holds SAS URLs, so it is removed from
/// the environment before anything else runs, and never printed.
/// </summary>
internal static class TransferRunner
{
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;

    public static async Task<int> RunAsync(TextWriter log)
    {
        var text = Environment.GetEnvironmentVariable(JobVariables.TransferSpec);
        Environment.SetEnvironmentVariable(JobVariables.TransferSpec, null);
        if (text is null)
        {
            log.WriteLine($"dgm-runner: {JobVariables.TransferSpec} is not set");
            return RunnerExitCodes.BadTransferSpec;
        }

        TransferSpec spec;
        try
        {
            spec = JobsJson.Read<TransferSpec>(text, JobVariables.TransferSpec);
        }
        catch (InvalidDataException ex)
        {
            log.WriteLine($"dgm-runner: invalid transfer spec: {ex.Message}");
            return RunnerExitCodes.BadTransferSpec;
        }

        Native.BecomeSubreaper();
        var root = Path.GetFullPath(Environment.GetEnvironmentVariable(JobVariables.JobRoot) ?? JobPaths.Root);
        Directory.CreateDirectory(root);
        var scratch = Directory.CreateTempSubdirectory("dgm-transfer-").FullName;
        using var blobs = BlobTransfer.Create();
        var result = new TransferResult();
        var output = Array.Empty<byte>();
        try
        {
            await StageInputsAsync(blobs, spec, root, scratch);
            (result, output) = await RunCommandAsync(spec, root);
            var (outputs, refusal) = await UploadOutputsAsync(blobs, spec, root, scratch);
            result = result with { Outputs = outputs, Error = result.Error ?? refusal };
        }
        catch (Exception ex) when (ex is TransferException or InvalidDataException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            result = result with { Error = ex.Message };
        }

        try
        {
            await blobs.UploadAsync(spec.LogUrl, output);
            await blobs.UploadAsync(spec.ResultUrl, JobsJson.WriteBytes(result));
        }
        catch (TransferException ex)
        {
            log.WriteLine($"dgm-runner: could not upload the result: {ex.Message}");
            return RunnerExitCodes.UploadFailed;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        log.WriteLine($"dgm-runner: done: exit {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}, limits [{string.Join(", ", result.LimitsHit)}], error {result.Error ?? "none"}");
        return RunnerExitCodes.Done;
    }

    private static async Task StageInputsAsync(BlobTransfer blobs, TransferSpec spec, string root, string scratch)
    {
        for (var i = 0; i < spec.Inputs.Count; i++)
        {
            var input = spec.Inputs[i];
            var target = Path.Combine(root, RelativePath.Normalize(input.Path, "Input path"));
            var download = Path.Combine(scratch, $"input-{i.ToString(CultureInfo.InvariantCulture)}");
            try
            {
                await blobs.DownloadAsync(input.Url, download);
            }
            catch (TransferException ex)
            {
                throw new TransferException($"input '{input.Path}' could not be downloaded: {ex.Message}");
            }

            RelativePath.EnsureNoSymlinkBelow(root, Path.Combine(target, "-"));
            if (input.Unpack)
            {
                try
                {
                    using var archive = File.OpenRead(download);
                    TarExtractor.Extract(archive, target);
                }
                catch (InvalidDataException ex)
                {
                    throw new TransferException($"input '{input.Path}' could not be unpacked: {ex.Message}");
                }
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(download, target, overwrite: true);
            }
        }
    }

    private static async Task<(TransferResult Result, byte[] Output)> RunCommandAsync(TransferSpec spec, string root)
    {
        var workingDirectory = Path.Combine(root, RelativePath.Normalize(spec.WorkingDirectory, "Working directory") is { Length: > 0 } w ? w : ".");
        Directory.CreateDirectory(workingDirectory);
        var environment = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        environment.Remove(JobVariables.JobRoot);

        // rlimits are set by a shell in front of the command: .NET cannot set them for a child. RLIMIT_NPROC binds once
        // the step drops to the job user; RLIMIT_CPU stops each process, the sampling below the whole tree.
        var cpuLimit = (long)Math.Ceiling(spec.CpuSeconds);
        // The soft CPU limit sends SIGXCPU, which says why a process died; the hard one, a second later, SIGKILL.
        // dash calls RLIMIT_NPROC -p, bash -u.
        var limits = string.Create(
            CultureInfo.InvariantCulture,
            $"ulimit -S -t {cpuLimit} && ulimit -H -t {cpuLimit + 1} && ulimit -f {(long)spec.FileSizeMb * 2048} && {{ ulimit -u {spec.Processes} 2>/dev/null || ulimit -p {spec.Processes}; }} && exec \"$@\"");
        var command = new ChildCommand("/bin/sh", ["-c", limits, "dgm-limits", .. spec.Command], workingDirectory, environment);

        var oomBefore = OomKills();
        var cpuSeen = 0.0;
        var cpuKilled = false;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                cpuSeen = Math.Max(cpuSeen, Descendants.CpuSeconds());
                if (cpuSeen >= spec.CpuSeconds && !cpuKilled)
                {
                    cpuKilled = true;
                    Descendants.KillAll();
                }

                await Task.Delay(200, CancellationToken.None);
            }
        });
        var clock = Stopwatch.StartNew();
        var (ran, output, truncated) = await ChildProcess.RunAsync(command, TimeSpan.FromSeconds(spec.WallSeconds), logBytes: spec.OutputBytes);
        await sampling.CancelAsync();
        await sampler;

        var status = ran.ExitCode;
        var limitsHit = new List<string>();
        if (ran.TimedOut)
        {
            limitsHit.Add("wallTime");
        }

        // Killed by the hard limit (SIGKILL), a busy process shows only the CPU it had used.
        var cpuStopped = cpuKilled || status == 128 + SigXcpu || (status == 128 + Native.SigKill && cpuSeen >= spec.CpuSeconds * 0.8);
        if (cpuStopped)
        {
            limitsHit.Add("cpuTime");
        }

        if (status == 128 + SigXfsz)
        {
            limitsHit.Add("disk");
        }

        if (oomBefore is { } before && OomKills() is { } after && after > before)
        {
            limitsHit.Add("memory");
        }

        var killedAtLimit = ran.TimedOut || cpuStopped || status == 128 + SigXfsz;
        return (new TransferResult
        {
            ExitCode = killedAtLimit ? null : status,
            TimedOut = ran.TimedOut,
            LimitsHit = limitsHit,
            WallSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            CpuSeconds = Math.Round(cpuSeen, 3),
            PeakMemoryBytes = Native.ChildrenPeakMemoryBytes(),
            OutputTruncated = truncated,
        }, output);
    }

    /// <summary>
    /// Uploads the outputs in order until they would pass the job's disk limit (apparent or allocated size) or entry
    /// cap, as the local sandbox collects: the refusal fails the job, never the run that collects it.
    /// </summary>
    private static async Task<(IReadOnlyList<TransferOutputReport> Reports, string? Refusal)> UploadOutputsAsync(BlobTransfer blobs, TransferSpec spec, string root, string scratch)
    {
        var reports = new List<TransferOutputReport>();
        var cap = new OutputCap(spec.FileSizeMb * 1024L * 1024, OutputCap.DefaultMaxEntries);
        for (var i = 0; i < spec.Outputs.Count; i++)
        {
            var output = spec.Outputs[i];
            var staged = Path.Combine(scratch, $"output-{i.ToString(CultureInfo.InvariantCulture)}");
            try
            {
                var source = Path.Combine(root, RelativePath.Normalize(output.Path, "Output path"));
                RelativePath.EnsureNoSymlinkBelow(root, source);
                if (cap.Admit(source, output.Path) is { } refusal)
                {
                    return (reports, refusal);
                }

                switch (output.Pack, FileStat.Lstat(source)?.Kind)
                {
                    case (true, FileKind.Directory):
                        await using (var packed = File.Create(staged))
                        {
                            TarPacker.Pack(source, packed);
                        }

                        break;
                    case (false, FileKind.Regular):
                        File.Copy(source, staged);
                        break;
                    default:
                        reports.Add(new TransferOutputReport(output.Path, Uploaded: false, Error: $"{output.Path} is not a {(output.Pack ? "folder" : "file")}"));
                        continue;
                }

                await blobs.UploadAsync(output.Url, staged);
                reports.Add(new TransferOutputReport(output.Path, Uploaded: true, new FileInfo(staged).Length, Sha256(staged)));
            }
            catch (Exception ex) when (ex is TransferException or InvalidDataException or ArgumentException or IOException)
            {
                reports.Add(new TransferOutputReport(output.Path, Uploaded: false, Error: ex.Message));
            }
        }

        return (reports, null);
    }

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>The container's OOM-kill counter (cgroup v2, then v1); null where neither is visible.</summary>
    private static long? OomKills()
    {
        foreach (var path in new[] { "/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control" })
        {
            try
            {
                foreach (var line in File.ReadLines(path))
                {
                    var parts = line.Split(' ');
                    if (parts is ["oom_kill", var value] && long.TryParse(value, CultureInfo.InvariantCulture, out var count))
                    {
                        return count;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
