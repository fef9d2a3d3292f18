using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Azure.Artifacts;
using Dgm.Azure.Sandbox;
using Dgm.Azure.Tests.Azurite;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Runner;

/// <summary>Runs the in-sandbox runner's transfer mode for real on this machine, its URLs pointing at Azurite SAS URLs.</summary>
internal sealed class RunnerHarness : IDisposable
{
    private readonly TempDirectory _root = new("dgm-runner-job");

    private RunnerHarness(BlobArtifactStore store) => Store = store;

    public BlobArtifactStore Store { get; }

    public string JobRoot => _root.Path;

    public static async Task<RunnerHarness> CreateAsync(AzuriteFixture azurite) => new(await azurite.NewStoreAsync());

    public Task<Uri> ReadUrlAsync(string key, int minutes = 10) => Store.GetReadSasUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(minutes));

    public Task<Uri> WriteUrlAsync(string key, int minutes = 10) => Store.GetWriteSasUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(minutes));

    public async Task<TransferSpec> SpecAsync(
        IReadOnlyList<string> command,
        IReadOnlyList<TransferInput>? inputs = null,
        IReadOnlyList<TransferOutput>? outputs = null,
        string workingDirectory = ".",
        int wallSeconds = 30,
        double cpuSeconds = 30,
        int processes = 256,
        int fileSizeMb = 64,
        int outputBytes = 100_000) =>
        new()
        {
            JobId = "job-1",
            Inputs = inputs ?? [],
            Command = command,
            WorkingDirectory = workingDirectory,
            WallSeconds = wallSeconds,
            CpuSeconds = cpuSeconds,
            Processes = processes,
            FileSizeMb = fileSizeMb,
            OutputBytes = outputBytes,
            Outputs = outputs ?? [],
            ResultUrl = await WriteUrlAsync("scratch/result.json"),
            LogUrl = await WriteUrlAsync("scratch/log.txt"),
        };

    public Task<RunnerRun> RunAsync(TransferSpec spec, IReadOnlyDictionary<string, string>? environment = null) => RunAsync(JobsJson.Write(spec), environment);

    /// <summary>Runs the runner to its end with a clean environment: PATH, the spec, the job root and <paramref name="environment"/>.</summary>
    public async Task<RunnerRun> RunAsync(string specJson, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [JobVariables.TransferSpec] = specJson };
        var (exitCode, output) = await RunTransferAsync(variables, JobRoot);
        var result = await Store.GetAsync("scratch/result.json");
        var log = await Store.GetAsync("scratch/log.txt");
        return new RunnerRun(
            exitCode,
            output,
            result is null ? null : JobsJson.Read<TransferResult>(result.Content, "result.json"),
            log is null ? null : Encoding.UTF8.GetString(log.Content));
    }

    /// <summary>The runner as a container starts it: <paramref name="environment"/> (which holds the transfer spec) and PATH, nothing else.</summary>
    public static async Task<(int ExitCode, string Output)> RunTransferAsync(IReadOnlyDictionary<string, string> environment, string jobRoot)
    {
        var start = new ProcessStartInfo(RunnerBinary.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("transfer");
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment[JobVariables.JobRoot] = jobRoot;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static byte[] TarGz(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }

    public static Dictionary<string, (string Content, TarEntry Entry)> ReadTarGz(byte[] archive)
    {
        var files = new Dictionary<string, (string, TarEntry)>();
        using var tar = new TarReader(new GZipStream(new MemoryStream(archive), CompressionMode.Decompress));
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var reader = new StreamReader(entry.DataStream!);
                files[entry.Name] = (reader.ReadToEnd(), entry);
            }
        }

        return files;
    }

    public void Dispose() => _root.Dispose();
}

internal sealed record RunnerRun(int ExitCode, string Stderr, TransferResult? Result, string? Log);
