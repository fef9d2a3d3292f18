using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Azure.Artifacts;
using Dgm.Azure.Sandbox;
using Dgm.Azure.Tests.Azurite;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Runner;

/// <summary>Runs infra/sandbox/runner.py for real on this machine, its URLs pointing at Azurite SAS URLs.</summary>
internal sealed class RunnerHarness : IDisposable
{
    public static readonly string Script = RepositoryRoot.Combine("infra", "sandbox", "runner.py");

    private readonly TempDirectory _root = new("dgm-runner-job");

    private RunnerHarness(BlobArtifactStore store) => Store = store;

    public BlobArtifactStore Store { get; }

    public string JobRoot => _root.Path;

    public static async Task<RunnerHarness> CreateAsync(AzuriteFixture azurite) => new(await azurite.NewStoreAsync());

    public Task<Uri> ReadUrlAsync(string key, int minutes = 10) => Store.GetReadSasUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(minutes));

    public Task<Uri> WriteUrlAsync(string key, int minutes = 10) => Store.GetWriteSasUriAsync(key, DateTimeOffset.UtcNow.AddMinutes(minutes));

    public async Task<RunnerJobSpec> SpecAsync(
        IReadOnlyList<string> command,
        IReadOnlyList<RunnerInput>? inputs = null,
        IReadOnlyList<RunnerOutput>? outputs = null,
        string workingDirectory = ".",
        int wallSeconds = 30,
        double cpuSeconds = 30,
        int processes = 256,
        int fileSizeMb = 64,
        int outputBytes = 100_000) =>
        new(1, "job-1", inputs ?? [], command, workingDirectory, wallSeconds, cpuSeconds, processes, fileSizeMb, outputBytes,
            outputs ?? [], await WriteUrlAsync("scratch/result.json"), await WriteUrlAsync("scratch/log.txt"));

    /// <summary>Runs the runner to its end with a clean environment: PATH, the spec, the runner's knobs and <paramref name="environment"/>.</summary>
    public async Task<RunnerRun> RunAsync(string specJson, IReadOnlyDictionary<string, string>? environment = null, string runAs = "")
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["DGM_JOB_SPEC"] = specJson };
        var (exitCode, output) = await RunScriptAsync(variables, JobRoot, runAs);
        var result = await Store.GetAsync("scratch/result.json");
        var log = await Store.GetAsync("scratch/log.txt");
        return new RunnerRun(
            exitCode,
            output,
            result is null ? null : RunnerResult.Parse(result.Content),
            log is null ? null : Encoding.UTF8.GetString(log.Content));
    }

    /// <summary>runner.py as a container would start it: <paramref name="environment"/> (which holds DGM_JOB_SPEC) and PATH, nothing else.</summary>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(IReadOnlyDictionary<string, string> environment, string jobRoot, string runAs = "")
    {
        var start = new ProcessStartInfo("python3")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Script);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["DGM_JOB_ROOT"] = jobRoot;
        start.Environment["DGM_RUN_AS"] = runAs;
        start.Environment["DGM_KILL_AFTER_SECONDS"] = "1";
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

internal sealed record RunnerRun(int ExitCode, string Stderr, RunnerResult? Result, string? Log);
