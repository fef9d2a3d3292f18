using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Core.Tests;

public class HarnessTests
{
    private const string Patch = """
        diff --git a/src/calc.py b/src/calc.py
        index 1111111..2222222 100644
        --- a/src/calc.py
        +++ b/src/calc.py
        @@ -1,2 +1,2 @@
         def add(a, b):
        -    return a - b
        +    return a + b
        diff --git a/tests/test_calc.py b/tests/test_calc.py
        --- a/tests/test_calc.py
        +++ b/tests/test_calc.py
        @@ -1 +1 @@
        -assert add(1, 1) == 2
        +assert True
        diff --git a/conftest.py b/conftest.py
        new file mode 100644
        --- /dev/null
        +++ b/conftest.py
        @@ -0,0 +1 @@
        +import sys; sys.exit(0)
        diff --git a/../outside.txt b/../outside.txt
        new file mode 100644
        --- /dev/null
        +++ b/../outside.txt
        @@ -0,0 +1 @@
        +escaped
        diff --git a/notes/readme.md b/notes/readme.md
        new file mode 100644
        --- /dev/null
        +++ b/notes/readme.md
        @@ -0,0 +1 @@
        +-- not a header
        """;

    [Theory]
    [InlineData(null, AgentBuild.FrameworkDependent, false, "builds/abc.tar.gz")]
    [InlineData("swebench/sweb.eval.x86_64.repo_1776_repo-1:latest", AgentBuild.SingleFile, true, "builds/abc.single-file.tar.gz")]
    public void A_suite_with_a_task_in_its_own_image_builds_its_agents_as_one_file_under_a_key_of_their_own(string? image, AgentBuild expected, bool singleFile, string key)
    {
        var suite = new BenchmarkSuite(new SuiteManifest { Name = "s", Tasks = ["a", "b"] }, [
            new BenchmarkTask { Id = "a", Language = "python", TestCommand = "pytest" },
            new BenchmarkTask { Id = "b", Language = "python", TestCommand = "pytest", Image = image }]);

        var flavour = AgentBuilds.For(suite);
        var job = new HarnessJobs(new RunConfig()).Build(new JobIdentity("r", "n", "n-build", "l"), "snapshots/abc.tar.gz", flavour);

        Assert.Equal(expected, flavour);
        Assert.Equal(singleFile, JobsJson.Read<StepSpec>(job.Environment[JobVariables.Step], "step").Build!.SingleFile);
        Assert.Equal(key, ArtifactKeys.Build("abc", flavour));
        Assert.NotEqual(ArtifactKeys.BuildRecord("abc", AgentBuild.SingleFile), ArtifactKeys.BuildRecord("abc", AgentBuild.FrameworkDependent));
    }

    [Fact]
    public void The_agent_is_stopped_before_the_jobs_wall_limit_and_gets_the_configured_caps()
    {
        var id = new JobIdentity("r1", "n1", "self-modify", "l1");
        var capped = new RunConfig { AgentMaxTurns = 300, Models = new ModelRoles { Coding = new ModelSpec { MaxOutputTokens = 16_000 } } };

        var job = new HarnessJobs(capped).SelfModify(id, "build", "snapshot", "problem");
        var agent = JobsJson.Read<StepSpec>(job.Environment[JobVariables.Step], "step").Agent!;
        var uncapped = JobsJson.Read<StepSpec>(new HarnessJobs(new RunConfig()).SelfModify(id, "build", "snapshot", "problem").Environment[JobVariables.Step], "step").Agent!;

        Assert.Equal(300, agent.MaxTurns);
        Assert.Equal(16_000, agent.MaxOutputTokens);
        Assert.InRange(job.Limits.WallSeconds - agent.Seconds, 5, 120);
        Assert.Null(uncapped.MaxTurns);
        Assert.Null(uncapped.MaxOutputTokens);
    }

    [Fact]
    public void Protected_and_escaping_file_sections_are_dropped_and_the_rest_kept_verbatim()
    {
        var filtered = PatchFilter.Apply(Patch, ["tests/**", "conftest.py"]);

        Assert.Contains("+    return a + b", filtered.Patch, StringComparison.Ordinal);
        Assert.Contains("+-- not a header", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("assert True", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("sys.exit", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("escaped", filtered.Patch, StringComparison.Ordinal);
        Assert.Equal(["tests/test_calc.py (protected)", "conftest.py (protected)", "../outside.txt (outside the workspace)"], filtered.Dropped);
        Assert.False(filtered.IsEmpty);
    }

    [Fact]
    public void A_patch_touching_only_protected_paths_becomes_empty()
    {
        var onlyTests = string.Join('\n', Patch.Split('\n').SkipWhile(l => !l.StartsWith("diff --git a/tests", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("diff --git a/conftest", StringComparison.Ordinal)));
        Assert.True(PatchFilter.Apply(onlyTests, ["tests/**"]).IsEmpty);
        Assert.True(PatchFilter.Apply("", ["tests/**"]).IsEmpty);
    }

    [Fact]
    public void Renames_and_git_internals_are_checked_on_both_names()
    {
        const string rename = "diff --git a/src/a.py b/tests/a.py\nsimilarity index 100%\nrename from src/a.py\nrename to tests/a.py\n";
        Assert.True(PatchFilter.Apply(rename, ["tests/**"]).IsEmpty);
        const string hook = "diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\nnew file mode 100755\n--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1 @@\n+evil\n";
        Assert.True(PatchFilter.Apply(hook, []).IsEmpty);
    }

    public static TheoryData<string, StepReport?, LimitHit, string?, AttemptStatus> Grades => new()
    {
        { "tests passed", Graded(new GradeReport { Tests = new CommandResult { ExitCode = 0 } }), LimitHit.None, null, AttemptStatus.Resolved },
        { "tests failed", Graded(new GradeReport { Tests = new CommandResult { ExitCode = 1 } }), LimitHit.None, null, AttemptStatus.Unresolved },
        { "tests timed out", Graded(new GradeReport { Tests = new CommandResult { TimedOut = true } }), LimitHit.None, null, AttemptStatus.Unresolved },
        { "a limit was hit", Graded(new GradeReport { Tests = new CommandResult { ExitCode = 0 } }), LimitHit.Memory, null, AttemptStatus.Unresolved },
        { "hidden tests changed", Graded(new GradeReport { Tests = new CommandResult { ExitCode = 0 }, TamperedPaths = ["tests/t.py"] }), LimitHit.None, null, AttemptStatus.Unresolved },
        { "patch does not apply", Graded(new GradeReport { PatchError = "corrupt patch" }), LimitHit.None, null, AttemptStatus.Error },
        { "patch reached protected paths", Graded(new GradeReport { DisallowedPaths = ["tests/t.py"] }), LimitHit.None, null, AttemptStatus.Error },
        { "runner failed", new StepReport { Kind = StepKind.Grade, Failure = "the base commit failed" }, LimitHit.None, null, AttemptStatus.Error },
        { "no report", null, LimitHit.None, null, AttemptStatus.Error },
        { "sandbox failed", Graded(new GradeReport { Tests = new CommandResult { ExitCode = 0 } }), LimitHit.None, "sandbox failed", AttemptStatus.Error },
    };

    [Theory]
    [MemberData(nameof(Grades))]
    public void Grading_results_map_to_swe_bench_statuses(string why, StepReport? report, LimitHit limits, string? error, AttemptStatus expected)
    {
        var result = new SandboxJobResult { JobId = "j", ExitCode = 0, LimitsHit = limits, Error = error, Isolation = "test", Usage = new SandboxUsage(1, 1, 1) };
        Assert.True(expected == GradeVerdict.Of(result, report).Status, why);
    }

    [Fact]
    public void Whole_file_diffs_apply_with_git()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("keep.txt"), "same\n");
        File.WriteAllText(dir.Combine("change.py"), "a\nb\n\n");
        File.WriteAllText(dir.Combine("gone.txt"), "bye");
        Git(dir.Path, "init -q");
        Git(dir.Path, "add -A");
        Git(dir.Path, "-c user.name=t -c user.email=t@t commit -qm base");

        var diff = WholeFileDiff.Of(
        [
            ("keep.txt", "same\n", "same\n"),
            ("change.py", "a\nb\n\n", "x\ny"),
            ("gone.txt", "bye", null),
            ("new/file.rs", null, "fn main() {}\n"),
        ]);
        File.WriteAllText(dir.Combine("gold.diff"), diff);
        Git(dir.Path, "apply gold.diff");

        Assert.Equal("x\ny", File.ReadAllText(dir.Combine("change.py")));
        Assert.False(File.Exists(dir.Combine("gone.txt")));
        Assert.Equal("fn main() {}\n", File.ReadAllText(dir.Combine("new", "file.rs")));
        Assert.DoesNotContain("keep.txt", diff, StringComparison.Ordinal);
    }

    private static StepReport Graded(GradeReport grade) => new() { Kind = StepKind.Grade, Grade = grade };

    private static void Git(string dir, string arguments)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = dir, RedirectStandardError = true })!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {arguments}: {error}");
    }
}
