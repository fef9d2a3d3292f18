using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Testing;
using Dgm.Jobs;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>
/// A store and a sandbox root in a temp folder, with helpers to build jobs and run them start → poll → collect →
/// delete. <c>isolation</c> is "bubblewrap" or "unshare" (forced), so every test can run on both paths.
/// </summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    public const string Run = "run-1";

    private readonly TempDirectory _dir = new("dgm-sandbox");
    private readonly List<LocalSandbox> _sandboxes = [];
    private int _jobs;

    public SandboxHarness(string isolation, bool cgroups = true, bool diskTmpfs = true, string? gatewaySocket = null)
    {
        Isolation = isolation;
        Store = new DiskArtifactStore(_dir.Combine("store"));
        Options = new LocalSandboxOptions
        {
            Root = _dir.Combine("jobs"),
            ForceUnshare = isolation == "unshare",
            UseCgroups = cgroups,
            MountDiskTmpfs = diskTmpfs,
            GatewaySocket = gatewaySocket,
            TmpMb = 16,
        };
        Sandbox = NewSandbox();
    }

    /// <summary>Theory data: both isolation paths.</summary>
    public static TheoryData<string> Isolations => new() { "bubblewrap", "unshare" };

    public string Isolation { get; }

    public DiskArtifactStore Store { get; }

    public LocalSandboxOptions Options { get; }

    public LocalSandbox Sandbox { get; }

    public string Root => Options.Root;

    /// <summary>Another instance over the same root, as a restarted process would create.</summary>
    public LocalSandbox NewSandbox(LocalSandboxOptions? options = null)
    {
        var sandbox = new LocalSandbox(Store, options ?? Options);
        _sandboxes.Add(sandbox);
        return sandbox;
    }

    public static SandboxLimits Limits(int wallSeconds = 20, double cpuSeconds = 20, int memoryMb = 256, int processes = 64, int diskMb = 64, int outputBytes = 64 * 1024) =>
        new() { WallSeconds = wallSeconds, CpuSeconds = cpuSeconds, MemoryMb = memoryMb, Processes = processes, DiskMb = diskMb, OutputBytes = outputBytes };

    public SandboxJob Job(string script, SandboxLimits? limits = null) => new()
    {
        Id = $"job-{Interlocked.Increment(ref _jobs)}",
        RunId = Run,
        Kind = StepKind.Grade,
        Command = ["/bin/sh", "-c", script],
        Limits = limits ?? Limits(),
    };

    /// <summary>start → poll until exited → collect → delete, and checks the isolation that ran is the one asked for.</summary>
    public async Task<SandboxJobResult> RunAsync(SandboxJob job)
    {
        var handle = await Sandbox.StartAsync(job);
        try
        {
            while (await Sandbox.PollAsync(handle) == SandboxJobState.Running)
            {
                await Task.Delay(20);
            }

            var result = await Sandbox.CollectAsync(handle);
            Assert.StartsWith(Isolation, result.Isolation, StringComparison.Ordinal);
            return result;
        }
        finally
        {
            await Sandbox.DeleteAsync(handle);
        }
    }

    public static byte[] TarGz(params (string Name, string? Content)[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (name, content) in entries)
            {
                var entry = content is null
                    ? new PaxTarEntry(TarEntryType.Directory, name)
                    : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
                entry.Mode = name.EndsWith(".sh", StringComparison.Ordinal) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100;
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>Pids of live processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(directory, "stat"));
                // A zombie is already dead; only its parent's wait is missing.
                if (commandLine.Contains(marker, StringComparison.Ordinal) && state[(state.LastIndexOf(')') + 2)] != 'Z')
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (or the time is up) and returns whether it did.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, double seconds = 5)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test may leave a job behind; its mount and cgroups must not outlive the test.
        foreach (var handle in await Sandbox.ListAsync(Run))
        {
            await Sandbox.DeleteAsync(handle);
        }

        foreach (var sandbox in _sandboxes)
        {
            await sandbox.DisposeAsync();
        }

        _dir.Dispose();
    }
}
