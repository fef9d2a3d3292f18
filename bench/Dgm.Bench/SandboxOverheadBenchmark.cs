using System.Diagnostics;
using System.Globalization;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Jobs;

namespace Dgm.Bench;

/// <summary>
/// Per-job overhead of the local sandboxes: N no-op jobs (<c>true</c>) through start → poll → collect → delete, under
/// bubblewrap and under unshare, with the host's default limits enforcement (cgroups and a tmpfs disk when
/// privileged), and with <c>--docker IMAGE</c> also in containers of that image on the Engine at <c>DOCKER_HOST</c>.
/// Usage: <c>dgm-bench sandbox [--jobs N] [--docker IMAGE]</c>.
/// </summary>
internal static class SandboxOverheadBenchmark
{
    private const int WarmUpJobs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = EngineFanOutBenchmark.Option(args, "--jobs", 50);
        var dockerImage = EngineFanOutBenchmark.Option(args, "--docker");
        var root = Directory.CreateTempSubdirectory("dgm-bench-sandbox-");
        try
        {
            var store = new DiskArtifactStore(Path.Combine(root.FullName, "store"));
            var kinds = new List<(string Name, Func<ISandbox> Create)>
            {
                ("bubblewrap", () => new LocalSandbox(store, new LocalSandboxOptions { Root = Path.Combine(root.FullName, "bubblewrap") })),
                ("unshare", () => new LocalSandbox(store, new LocalSandboxOptions { Root = Path.Combine(root.FullName, "unshare"), ForceUnshare = true })),
            };
            if (dockerImage is not null)
            {
                kinds.Add(("docker", () => new DockerSandbox(store, new LocalSandboxOptions { Root = Path.Combine(root.FullName, "docker") }, new DockerSandboxOptions { Image = dockerImage })));
            }

            foreach (var (name, create) in kinds)
            {
                var sandbox = create();
                // Both sandboxes stop what they still supervise when disposed.
                await using var disposal = (IAsyncDisposable)sandbox;
                var isolation = "";
                var phases = new List<(double Start, double Collect, double Delete, double Total)>();
                for (var i = 0; i < WarmUpJobs + jobs; i++)
                {
                    var (result, timing) = await RunOneAsync(sandbox, $"job-{i}");
                    if (!result.Succeeded || !result.Isolation.StartsWith(name, StringComparison.Ordinal))
                    {
                        await Console.Error.WriteLineAsync($"{name}: job failed ({result.Isolation}): {result.Error ?? result.Output}");
                        return 1;
                    }

                    isolation = result.Isolation;
                    if (i >= WarmUpJobs)
                    {
                        phases.Add(timing);
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-10} per job: median {Percentile(phases.Select(p => p.Total), 50),6:F1} ms, p90 {Percentile(phases.Select(p => p.Total), 90),6:F1} ms " +
                    $"(median start {Percentile(phases.Select(p => p.Start), 50):F1}, run+collect {Percentile(phases.Select(p => p.Collect), 50):F1}, " +
                    $"delete {Percentile(phases.Select(p => p.Delete), 50):F1} ms; {jobs} jobs; isolation \"{isolation}\")"));
            }

            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<(SandboxJobResult Result, (double, double, double, double) Timing)> RunOneAsync(ISandbox sandbox, string id)
    {
        var job = new SandboxJob
        {
            Id = id,
            RunId = "bench",
            Kind = StepKind.Grade,
            Command = ["true"],
            Limits = new SandboxLimits { WallSeconds = 30, CpuSeconds = 30, MemoryMb = 256, Processes = 64, DiskMb = 64, OutputBytes = 64 * 1024 },
        };
        var clock = Stopwatch.StartNew();
        var handle = await sandbox.StartAsync(job);
        var started = clock.Elapsed.TotalMilliseconds;
        await sandbox.PollAsync(handle);
        var result = await sandbox.CollectAsync(handle);
        var collected = clock.Elapsed.TotalMilliseconds;
        await sandbox.DeleteAsync(handle);
        var total = clock.Elapsed.TotalMilliseconds;
        return (result, (started, collected - started, total - collected, total));
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(IEnumerable<double> values, int percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
    }
}
