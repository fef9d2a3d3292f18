using System.Globalization;
using Dgm.Jobs;
using Dgm.Jobs.Archives;

namespace Dgm.Runner.Tests;

/// <summary>
/// Solve and self-modify with a stand-in agent (a shell script at the agent's path): the patch is taken from the
/// workspace against the base the runner committed, whatever the agent did to git, also when it was stopped.
/// </summary>
public sealed class AgentStepTests : IDisposable
{
    /// <summary>Edits the workspace, leaves a daemon behind, plants git settings and a hook that would forge the diff, then sleeps $AGENT_SLEEP.</summary>
    private const string Agent = """
        #!/bin/bash
        set -e
        W=$2; T=$8
        echo "transcript by $(id -u)" > "$T"
        echo fixed > "$W/fix.txt"
        sed -i 's/old/new/' "$W/src.txt"
        rm "$W/gone.txt"
        mkdir -p "$W/.git/hooks"
        printf '#!/bin/sh\nprintf "diff --git a/.cargo/config.toml b/.cargo/config.toml\\nforged\\n"\n' > "$W/.git/forge"
        chmod +x "$W/.git/forge"
        printf '[diff]\n\texternal = %s/.git/forge\n[diff "evil"]\n\ttextconv = %s/.git/forge\n' "$W" "$W" > "$W/.git/config"
        cp "$W/.git/forge" "$W/.git/hooks/pre-commit"
        printf '* diff=evil\n' > "$W/.gitattributes"
        setsid sleep 600 < /dev/null > /dev/null 2>&1 &
        echo $! > "$W/../pids/daemon"
        sleep "${AGENT_SLEEP:-0}"
        echo done
        """;

    private readonly JobRoot _job = new();

    public AgentStepTests()
    {
        _job.Write("agent/DgmAgent", Agent, executable: true);
        _job.Write(JobPaths.Problem, "fix it");
        _job.Write("work/src.txt", "old\n");
        _job.Write("work/gone.txt", "bye\n");
        // Where the stand-in agent says which daemon it started; the job user may write here.
        Directory.CreateDirectory(_job.Combine("pids"));
        File.SetUnixFileMode(_job.Combine("pids"), (UnixFileMode)0b111_111_111);
    }

    private static StepSpec Step(StepKind kind, double seconds = 60) =>
        new() { Kind = kind, Agent = new AgentCall { TestHint = "make test", Seconds = seconds } };

    [Fact]
    public async Task The_patch_holds_every_change_and_ignores_the_agents_git_settings()
    {
        var (process, report) = await _job.RunAsync(Step(StepKind.Solve));

        Assert.Equal(0, process.ExitCode);
        Assert.Null(report!.Failure);
        Assert.Equal(0, report.Agent!.ExitCode);
        var patch = _job.Output(StepOutputs.Patch)!;
        Assert.Equal(patch.Length, report.PatchBytes);
        Assert.Contains("+fixed", patch, StringComparison.Ordinal);
        Assert.Contains("-old\n+new", patch, StringComparison.Ordinal);
        Assert.Contains("deleted file mode", patch, StringComparison.Ordinal);
        Assert.DoesNotContain(".git/config", patch, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", patch, StringComparison.Ordinal);
        Assert.Contains("done", _job.Output(StepOutputs.AgentLog), StringComparison.Ordinal);
        Assert.StartsWith("transcript by", _job.Output(StepOutputs.Transcript), StringComparison.Ordinal);
        Assert.False(Alive(Daemon()), "the agent's daemon outlived the step");
    }

    [Fact]
    public async Task An_agent_stopped_at_its_deadline_still_has_its_work_collected()
    {
        var (_, report) = await _job.RunAsync(Step(StepKind.Solve, seconds: 2), new Dictionary<string, string> { ["AGENT_SLEEP"] = "120" });

        Assert.True(report!.Agent!.TimedOut);
        Assert.Null(report.Agent.ExitCode);
        Assert.InRange(report.Agent.Seconds, 1.5, 20);
        Assert.Contains("+fixed", _job.Output(StepOutputs.Patch), StringComparison.Ordinal);
        Assert.False(Alive(Daemon()));
    }

    [Fact]
    public async Task Self_modify_also_packs_the_childs_source_deterministically()
    {
        var (_, report) = await _job.RunAsync(Step(StepKind.SelfModify));

        Assert.Null(report!.Failure);
        var snapshot = TarExtractor.ReadFiles(File.ReadAllBytes(_job.Combine("out", StepOutputs.Snapshot)));
        Assert.Equal([".gitattributes", "fix.txt", "src.txt"], snapshot.Keys.Order());
        Assert.Equal("new\n", System.Text.Encoding.UTF8.GetString(snapshot["src.txt"]));
    }

    [Fact]
    public async Task A_missing_agent_is_the_runners_failure_not_the_agents()
    {
        File.Delete(_job.Combine("agent", "DgmAgent"));

        var (process, report) = await _job.RunAsync(Step(StepKind.Solve));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("built agent", report!.Failure, StringComparison.Ordinal);
        Assert.Null(report.Agent);
    }

    [Fact]
    public async Task A_broken_step_is_refused_before_anything_runs()
    {
        var (process, report) = await _job.RunAsync("""{"kind":"solve","agnet":{}}""");

        Assert.Equal(RunnerExitCodes.BadStep, process.ExitCode);
        Assert.Contains("agnet", process.Output, StringComparison.Ordinal);
        Assert.Null(report);
    }

    private int Daemon() => int.Parse(File.ReadAllText(_job.Combine("pids", "daemon")).Trim(), CultureInfo.InvariantCulture);

    private static bool Alive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].TrimStart().StartsWith('Z');

    public void Dispose() => _job.Dispose();
}
