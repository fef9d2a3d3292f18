using System.Diagnostics;
using System.Text.Json.Nodes;
using Dgm.Testing;

namespace Dgm.Cli.Tests;

/// <summary>A `dgm run` killed with SIGKILL in the middle of an iteration, then resumed, ends with the nodes of an uninterrupted run.</summary>
public sealed class ResumeTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-resume");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_killed_run_resumes_to_the_same_nodes_as_an_uninterrupted_one()
    {
        var config = _dir.Combine("quick.json");
        File.WriteAllText(config, Dgm.QuickConfig);
        Assert.Equal(0, (await Dgm.RunAsync(_dir.Path, "bench", "import", Dgm.QuickSuite(_dir.Path))).ExitCode);

        // Sound before spent: an imported suite runs only once its gold patches are verified here.
        var refused = await Dgm.RunAsync(_dir.Path, "run", "--config", config, "--run-id", "refused");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("not verified sound in this environment", refused.Output, StringComparison.Ordinal);
        Assert.Contains("dgm bench verify quick", refused.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await Dgm.RunAsync(_dir.Path, "bench", "verify", "quick")).ExitCode);

        var whole = await Dgm.RunAsync(_dir.Path, "run", "--config", config, "--run-id", "whole");
        Assert.True(whole.ExitCode == 0, whole.Output);

        // The report shows what the records say: resolved attempts over graded attempts, per node.
        var report = await Dgm.RunAsync(_dir.Path, "report", "whole");
        var store = _dir.Combine("dgm-data", "store", "runs");
        foreach (var node in Directory.GetDirectories(Path.Combine(store, "whole", "nodes")))
        {
            var record = JsonNode.Parse(File.ReadAllText(Path.Combine(node, "node.json")))!;
            var id = record["id"]!.GetValue<string>();
            Assert.Contains(id, report.Output, StringComparison.Ordinal);
            if (record["stages"] is JsonArray { Count: > 0 } stages)
            {
                var attempts = stages.SelectMany(s => s!["tasks"]!.AsArray()).SelectMany(t => t!["attempts"]!.AsArray()).ToList();
                var accuracy = (double)attempts.Count(a => a!["status"]!.GetValue<string>() == "resolved") / attempts.Count;
                Assert.Contains($"{id} {accuracy:0.###}", report.Output, StringComparison.Ordinal);
            }
        }

        // Start the same run again and kill it once iteration 1's first child has published its self-modification.
        // In the sandbox its configuration names, which the resume must keep without being told.
        using var killed = Start("run", "--config", config, "--run-id", "killed", "--set", "sandbox.kind=unshare");
        await KillWhenAsync(killed, Path.Combine(store, "killed", "nodes", "i1-c0", "patch.diff"));
        Assert.False(File.Exists(Path.Combine(store, "killed", "iterations", "2.json")), "the run had already finished when it was killed");
        Assert.Contains("\"status\": \"running\"", File.ReadAllText(Path.Combine(store, "killed", "run.json")), StringComparison.Ordinal);

        var resumed = await Dgm.RunAsync(_dir.Path, "resume", "killed");
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("resuming killed at iteration", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("in the unshare sandbox", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("at metered model usage", resumed.Output, StringComparison.Ordinal);
        // The live line goes on from the run's spend so far, never from zero.
        Assert.DoesNotContain(" and 0 tokens", resumed.Output, StringComparison.Ordinal);

        // Killed jobs are charged what the gateway metered, not their reservations (each up to 10M tokens here): the
        // resumed run spends about what an uninterrupted one does, plus the work the kill made it repeat.
        var wholeTokens = SpentTokens(store, "whole");
        var killedTokens = SpentTokens(store, "killed");
        Assert.True(wholeTokens > 0);
        Assert.True(killedTokens <= 2 * wholeTokens, $"the resumed run spent {killedTokens:N0} tokens, the uninterrupted one {wholeTokens:N0}");

        Assert.Equal(Nodes(store, "whole"), Nodes(store, "killed"));
        Assert.Empty(Directory.Exists(_dir.Combine("dgm-data", "sandbox", "killed")) ? Directory.GetDirectories(_dir.Combine("dgm-data", "sandbox", "killed")) : []);

        // The steady loop, killed with its first children in flight: the resumed run commits each child once.
        using var steady = Start("run", "--config", config, "--run-id", "steady", "--set", "loop=steady");
        await KillWhenAsync(steady, Path.Combine(store, "steady", "nodes", "c1", "patch.diff"));
        Assert.False(File.Exists(Path.Combine(store, "steady", "iterations", "4.json")), "the steady run had already finished when it was killed");
        var steadyResumed = await Dgm.RunAsync(_dir.Path, "resume", "steady");
        Assert.True(steadyResumed.ExitCode == 0, steadyResumed.Output);
        var committed = Directory.GetFiles(Path.Combine(store, "steady", "iterations"))
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["plans"]!.AsArray().Select(p => p!["childId"]!.GetValue<string>()))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["c1", "c2", "c3", "c4"], committed);
        Assert.Equal(5, Directory.GetDirectories(Path.Combine(store, "steady", "nodes")).Length);
    }

    /// <summary>Kills a run (SIGKILL, the process only) once <paramref name="marker"/> exists.</summary>
    private static async Task KillWhenAsync(Process run, string marker)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!File.Exists(marker) && !run.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(run.HasExited, "the run ended before it could be killed");
        run.Kill(entireProcessTree: false);
        await run.WaitForExitAsync();
    }

    private static long SpentTokens(string store, string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(store, run, "ledger.json")))!["spent"]!["tokens"]!.GetValue<long>();

    private static List<string> Nodes(string store, string run) =>
        Directory.GetDirectories(Path.Combine(store, run, "nodes"))
            .Select(d => JsonNode.Parse(File.ReadAllText(Path.Combine(d, "node.json")))!)
            .Select(n => $"{n["id"]} {n["parentId"]} {n["status"]} {n["snapshotHash"]}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dgm.Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
