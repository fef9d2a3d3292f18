using Dgm.Jobs;

namespace Dgm.Runner.Tests;

/// <summary>The runner's grade step on a real starter task: patch, path check, hidden tests, test command, report folder.</summary>
public sealed class GradeStepTests : IDisposable
{
    private const string Task = "py-config-equals";
    private const string TestCommand = "python3 -B -P -m unittest discover -s tests -t . -v";

    private readonly JobRoot _job = new();

    public GradeStepTests()
    {
        _job.CopyFromRepository(JobPaths.Workspace, ["benchmarks", "starter", "tasks", Task, "workspace"]);
        _job.CopyFromRepository(JobPaths.HiddenFiles, ["benchmarks", "starter", "tasks", Task, "hidden"]);
    }

    private static StepSpec Grade(string testCommand = TestCommand, params string[] editable) => new()
    {
        Kind = StepKind.Grade,
        Grade = new GradeCall { TestCommand = testCommand, TestSeconds = 60, ProtectedPaths = ["tests/**"], EditablePaths = editable },
    };

    private static string Gold => File.ReadAllText(Dgm.Testing.RepositoryRoot.Combine("benchmarks", "starter", "tasks", Task, "gold.diff"));

    [Fact]
    public async Task The_gold_patch_passes_and_the_untouched_workspace_fails()
    {
        _job.Write(JobPaths.Patch, Gold);
        var (process, report) = await _job.RunAsync(Grade());

        Assert.Equal(0, process.ExitCode);
        Assert.Null(report!.Failure);
        Assert.Equal(["appconfig/parser.py"], report.Grade!.ChangedPaths);
        Assert.True(report.Grade.Tests!.Succeeded, _job.Output(StepOutputs.TestLog));
        Assert.Contains("OK", _job.Output(StepOutputs.TestLog), StringComparison.Ordinal);

        using var untouched = new GradeStepTests();
        untouched._job.Write(JobPaths.Patch, "");
        var (_, failed) = await untouched._job.RunAsync(Grade());
        Assert.Empty(failed!.Grade!.ChangedPaths);
        Assert.False(failed.Grade.Tests!.Succeeded);
        Assert.NotEqual(0, failed.Grade.Tests.ExitCode);
    }

    [Fact]
    public async Task A_patch_that_reaches_a_protected_or_non_editable_path_is_refused_before_any_test_runs()
    {
        _job.Write(JobPaths.Patch, """
            diff --git a/tests/__init__.py b/tests/__init__.py
            --- a/tests/__init__.py
            +++ b/tests/__init__.py
            @@ -0,0 +1,2 @@
            +import os
            +os._exit(0)

            """);
        var (_, report) = await _job.RunAsync(Grade("touch ran; " + TestCommand));

        Assert.Equal(["tests/__init__.py"], report!.Grade!.DisallowedPaths);
        Assert.Null(report.Grade.Tests);
        Assert.False(File.Exists(_job.Combine(JobPaths.Workspace, "ran")));

        using var other = new GradeStepTests();
        other._job.Write(JobPaths.Patch, Gold);
        var (_, allowList) = await other._job.RunAsync(Grade(TestCommand, "README.md"));
        Assert.Equal(["appconfig/parser.py"], allowList!.Grade!.DisallowedPaths);
    }

    [Fact]
    public async Task Hidden_tests_changed_while_the_tests_ran_are_reported()
    {
        _job.Write(JobPaths.Patch, Gold);
        var (_, report) = await _job.RunAsync(Grade($"{TestCommand}; echo 'pass' > tests/test_config.py || rm -f tests/test_config.py"));

        Assert.Equal(["tests/test_config.py"], report!.Grade!.TamperedPaths);
    }

    [Fact]
    public async Task The_report_folder_is_new_for_each_run_and_its_files_are_collected()
    {
        const string command = "test -d \"$DGM_REPORT_DIR\" && [ -z \"$(ls -A \"$DGM_REPORT_DIR\")\" ] && echo \"$DGM_REPORT_DIR\" > \"$DGM_REPORT_DIR/name.txt\" && mkdir \"$DGM_REPORT_DIR/sub\" && echo x > \"$DGM_REPORT_DIR/sub/r.xml\"";

        var (_, first) = await _job.RunAsync(Grade(command));
        var firstName = File.ReadAllText(_job.Combine("out", StepOutputs.Reports, "name.txt"));
        using var again = new GradeStepTests();
        await again._job.RunAsync(Grade(command));
        var secondName = File.ReadAllText(again._job.Combine("out", StepOutputs.Reports, "name.txt"));

        Assert.True(first!.Grade!.Tests!.Succeeded, _job.Output(StepOutputs.TestLog));
        Assert.Equal(["name.txt", "sub/r.xml"], first.Grade.ReportFiles.Order());
        Assert.NotEqual(Path.GetFileName(firstName.Trim()), Path.GetFileName(secondName.Trim()));
        Assert.Matches("^\\.dgm-reports-[0-9a-f]{16}$", Path.GetFileName(firstName.Trim()));
        Assert.DoesNotContain(_job.Combine(JobPaths.Workspace), firstName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_lines_run_in_the_test_command_shell_and_a_teed_log_is_collected_as_a_report()
    {
        // The shape a SWE-bench task's grade has: environment setup, then the test command teeing its output.
        var step = Grade("echo \"PASSED tests/test_a.py::$DGM_SETUP_MARK-$(basename \"$PWD\")\" 2>&1 | tee \"$DGM_REPORT_DIR/test_output.txt\"");
        step = step with { Grade = step.Grade! with { Setup = "export DGM_SETUP_MARK=activated\ncd tests" } };

        var (_, report) = await _job.RunAsync(step);

        Assert.True(report!.Grade!.Tests!.Succeeded, _job.Output(StepOutputs.TestLog));
        Assert.Equal(["test_output.txt"], report.Grade.ReportFiles);
        Assert.Equal("PASSED tests/test_a.py::activated-tests\n", File.ReadAllText(_job.Combine("out", StepOutputs.Reports, "test_output.txt")));
        Assert.Contains("PASSED tests/test_a.py::activated-tests", _job.Output(StepOutputs.TestLog), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tests_run_as_the_job_user_when_the_runner_is_root()
    {
        var (_, report) = await _job.RunAsync(Grade("id -u > \"$DGM_REPORT_DIR/uid\""));

        var uid = File.ReadAllText(_job.Combine("out", StepOutputs.Reports, "uid")).Trim();
        Assert.True(report!.Grade!.Tests!.Succeeded, _job.Output(StepOutputs.TestLog));
        // Unprivileged, the runner cannot switch; it must then never report root either.
        Assert.Equal(JobRoot.RunsAsRoot ? "1000" : uid, uid);
        Assert.NotEqual("0", uid);
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_and_missing_hidden_tests_are_told_apart()
    {
        _job.Write(JobPaths.Patch, "diff --git a/nope.py b/nope.py\n--- a/nope.py\n+++ b/nope.py\n@@ -1 +1 @@\n-x\n+y\n");
        var (_, report) = await _job.RunAsync(Grade());
        Assert.NotNull(report!.Grade!.PatchError);
        Assert.Null(report.Failure);

        Directory.Delete(_job.Combine(JobPaths.HiddenFiles), recursive: true);
        _job.Write(JobPaths.Patch, "");
        var (_, missing) = await _job.RunAsync(Grade());
        Assert.Contains("hidden tests are missing", missing!.Failure, StringComparison.Ordinal);
    }

    public void Dispose() => _job.Dispose();
}
