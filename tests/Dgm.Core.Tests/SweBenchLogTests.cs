using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness;
using Dgm.Core.Harness.TestReports;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Core.Tests;

/// <summary>
/// The SWE-bench harness's log parsers on test output written here in each runner's format (a made-up "shapes"
/// project: passes, failures, errors, skips, expected failures, Django docstrings), and the grade they give.
/// </summary>
public class SweBenchLogTests
{
    private static Dictionary<string, byte[]> Log(string content) => new() { [SweBenchLogReport.FileName] = Encoding.UTF8.GetBytes(content) };

    private static Dictionary<string, TestOutcome> Parse(TestReportFormat format, string content) =>
        SweBenchLogReport.Parse(format, Log(content)).Tests.ToDictionary(t => t.Name, t => t.Outcome);

    private const string PytestSummary = """
        ============================= test session starts ==============================
        collected 7 items

        tests/test_shapes.py ..F.xEX                                            [100%]

        ==================================== ERRORS ====================================
        ___________________ ERROR at setup of test_fixture_broken _____________________
        E   RuntimeError: boom
        =========================== short test summary info ============================
        PASSED tests/test_shapes.py::test_area
        PASSED tests/test_shapes.py::test_scale[2 3]
        FAILED tests/test_shapes.py::test_perimeter - AssertionError: assert 11 == 12
        SKIPPED [1] tests/test_shapes.py:40: needs numpy
        XFAIL tests/test_shapes.py::test_known_bug - rounding
        ERROR tests/test_shapes.py::test_fixture_broken - RuntimeError: boom
        XPASS tests/test_shapes.py::test_lucky
        ============= 1 failed, 2 passed, 1 skipped, 1 xfailed, 1 xpassed, 1 error in 0.12s =============
        """;

    [Fact]
    public void Pytest_summary_lines_give_each_test_its_outcome_with_ids_cut_at_the_first_space()
    {
        var tests = Parse(TestReportFormat.SweBenchPytest, PytestSummary);

        Assert.Equal(new Dictionary<string, TestOutcome>
        {
            ["tests/test_shapes.py::test_area"] = TestOutcome.Passed,
            ["tests/test_shapes.py::test_scale[2"] = TestOutcome.Passed,
            ["tests/test_shapes.py::test_perimeter"] = TestOutcome.Failed,
            ["[1]"] = TestOutcome.Skipped,
            ["tests/test_shapes.py::test_known_bug"] = TestOutcome.Passed,
            ["tests/test_shapes.py::test_fixture_broken"] = TestOutcome.Failed,
        }, tests);
    }

    [Fact]
    public void A_later_line_about_a_test_wins()
    {
        var tests = Parse(TestReportFormat.SweBenchPytest, "PASSED t.py::a\nFAILED t.py::a - flaky\nPASSED t.py::b\n");

        Assert.Equal((TestOutcome.Failed, TestOutcome.Passed), (tests["t.py::a"], tests["t.py::b"]));
    }

    [Fact]
    public void Pytest_options_keep_only_the_last_segment_of_an_absolute_path_parameter()
    {
        var tests = Parse(TestReportFormat.SweBenchPytestOptions, """
            PASSED tests/test_io.py::test_open[/tmp/pytest-of-root/pytest-0/test_open0/data.bin]
            PASSED tests/test_io.py::test_glob[/data/*.bin]
            FAILED tests/test_io.py::test_share[//server/share] - OSError
            PASSED tests/test_io.py::test_plain[utf-8]
            """);

        Assert.Equal(
            ["tests/test_io.py::test_open[/data.bin]", "tests/test_io.py::test_glob[/data/*.bin]", "tests/test_io.py::test_share[//server/share]", "tests/test_io.py::test_plain[utf-8]"],
            tests.Keys);
        Assert.Equal(TestOutcome.Failed, tests["tests/test_io.py::test_share[//server/share]"]);
    }

    [Fact]
    public void Matplotlib_mouse_buttons_are_written_as_numbers()
    {
        var tests = Parse(TestReportFormat.SweBenchMatplotlib, "PASSED lib/shapes/tests/test_widgets.py::test_click[MouseButton.LEFT]\nFAILED lib/shapes/tests/test_widgets.py::test_click[MouseButton.RIGHT] - x\n");

        Assert.Equal(TestOutcome.Passed, tests["lib/shapes/tests/test_widgets.py::test_click[1]"]);
        Assert.Equal(TestOutcome.Failed, tests["lib/shapes/tests/test_widgets.py::test_click[3]"]);
    }

    [Fact]
    public void Pytest_v2_removes_colour_codes_and_reads_status_last_lines_too()
    {
        var tests = Parse(TestReportFormat.SweBenchPytestV2, "\u001b[32mPASSED\u001b[0m shapes/tests/test_a.py::test_area\r\nshapes/tests/test_a.py::test_perimeter FAILED\nshapes/tests/test_a.py::test_skip SKIPPED\n\u001b[1m=== 1 failed ===\u001b[0m\n");

        Assert.Equal(new Dictionary<string, TestOutcome>
        {
            ["shapes/tests/test_a.py::test_area"] = TestOutcome.Passed,
            ["shapes/tests/test_a.py::test_perimeter"] = TestOutcome.Failed,
            ["shapes/tests/test_a.py::test_skip"] = TestOutcome.Skipped,
        }, tests);
    }

    [Fact]
    public void Seaborn_reads_passes_and_failures_only()
    {
        var tests = Parse(TestReportFormat.SweBenchSeaborn, """
            tests/test_plot.py::test_bars PASSED [ 25%]
            PASSED tests/test_plot.py::test_lines
            FAILED tests/test_plot.py::test_dots - ValueError
            SKIPPED [1] tests/test_plot.py:9: needs scipy
            ERROR tests/test_plot.py::test_broken
            """);

        Assert.Equal(new Dictionary<string, TestOutcome>
        {
            ["tests/test_plot.py::test_bars"] = TestOutcome.Passed,
            ["tests/test_plot.py::test_lines"] = TestOutcome.Passed,
            ["tests/test_plot.py::test_dots"] = TestOutcome.Failed,
        }, tests);
    }

    [Fact]
    public void Sympy_reads_verbose_results_and_failure_headers()
    {
        var tests = Parse(TestReportFormat.SweBenchSympy, """
            ============================= test process starts ==============================
            executable:         /opt/miniconda3/envs/testbed/bin/python  (3.9.19-final-0) [CPython]
            random seed:        1234

            shapes/geometry/tests/test_shapes.py[4]
            test_area ok
            test_perimeter F
            test_scale E
            test_slow w                                                               [FAIL]

            ________________________________________________________________________________
            _____________ shapes/geometry/tests/test_shapes.py:test_perimeter ______________
            Traceback (most recent call last):
            AssertionError
            """);

        Assert.Equal(new Dictionary<string, TestOutcome>
        {
            ["shapes/geometry/tests/test_shapes.py:test_perimeter"] = TestOutcome.Failed,
            ["test_area"] = TestOutcome.Passed,
            ["test_perimeter"] = TestOutcome.Failed,
            ["test_scale"] = TestOutcome.Failed,
        }, tests);
    }

    private const string DjangoLog = """
        Testing against Django installed in '/testbed/django'
        Importing application shapes
        Operations to perform:
          Apply all migrations: admin, sites
        System check identified no issues (0 silenced).
        test_add (shapes.tests.AreaTests) ... ok
        test_docstring (shapes.tests.AreaTests)
        Area of a unit square is one. ... ok
        test_new_python (shapes.tests.AreaTests.test_new_python) ... ok
        test_fail (shapes.tests.AreaTests) ... FAIL
        test_err (shapes.tests.AreaTests) ... ERROR
        test_skip (shapes.tests.AreaTests) ... skipped 'needs GDAL'
        test_noisy (shapes.tests.AreaTests) ... Warning: the square is noisy
        ok
        test_version (shapes.tests.CommandTests) ... Testing against Django installed in '/testbed/django' (0 silenced).
        ok

        ======================================================================
        FAIL: test_fail (shapes.tests.AreaTests)
        ----------------------------------------------------------------------
        AssertionError: 1 != 2

        ======================================================================
        ERROR: test_err (shapes.tests.AreaTests)
        ----------------------------------------------------------------------
        ----------------------------------------------------------------------
        Ran 8 tests in 0.010s

        FAILED (failures=1, errors=1, skipped=1)
        """;

    [Fact]
    public void Django_verbose_output_names_a_test_with_a_docstring_by_its_first_line()
    {
        var tests = Parse(TestReportFormat.SweBenchDjango, DjangoLog);

        Assert.Equal(TestOutcome.Passed, tests["test_add (shapes.tests.AreaTests)"]);
        Assert.Equal(TestOutcome.Passed, tests["Area of a unit square is one."]);
        Assert.False(tests.ContainsKey("test_docstring (shapes.tests.AreaTests)"));
        Assert.Equal(TestOutcome.Passed, tests["test_new_python (shapes.tests.AreaTests.test_new_python)"]);
        Assert.Equal(TestOutcome.Failed, tests["test_fail (shapes.tests.AreaTests)"]);
        Assert.Equal(TestOutcome.Failed, tests["test_fail"]);
        Assert.Equal(TestOutcome.Failed, tests["test_err (shapes.tests.AreaTests)"]);
        Assert.Equal(TestOutcome.Failed, tests["test_err"]);
        Assert.Equal(TestOutcome.Skipped, tests["test_skip (shapes.tests.AreaTests)"]);
        Assert.Equal(TestOutcome.Passed, tests["test_noisy (shapes.tests.AreaTests)"]);
        Assert.Equal(TestOutcome.Passed, tests["test_version (shapes.tests.CommandTests)"]);
    }

    [Fact]
    public void A_missing_log_is_unreadable()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SweBenchLogReport.Parse(TestReportFormat.SweBenchPytest, new Dictionary<string, byte[]>()));

        Assert.Contains("no test_output.txt", ex.Message, StringComparison.Ordinal);
    }

    private static readonly SandboxJobResult Finished = new() { JobId = "j", ExitCode = 0, Isolation = "test", Usage = new SandboxUsage(1, 1, 1) };

    private static StepReport Graded(int? exitCode, bool timedOut = false) =>
        new() { Kind = StepKind.Grade, Grade = new GradeReport { Tests = new CommandResult { ExitCode = exitCode, TimedOut = timedOut } } };

    private static BenchmarkTask Task(TestReportFormat format, string[] failToPass, string[] passToPass) =>
        new() { Id = "t", Language = "python", TestCommand = "true", TestReport = format, FailToPass = failToPass, PassToPass = passToPass };

    private static (AttemptStatus Status, string? Error, TestsStatus? Tests) Grade(BenchmarkTask task, string log, StepReport? report = null)
    {
        var files = Log(log);
        var tests = SweBenchGrading.Status(task, files);
        var (status, error) = GradeVerdict.Of(Finished, report ?? Graded(1), task.TestReport, files, [], tests);
        return (status, error, tests);
    }

    [Fact]
    public void Every_listed_test_passed_resolves_whatever_else_failed_and_whatever_the_exit_code()
    {
        var task = Task(TestReportFormat.SweBenchDjango, ["Area of a unit square is one."], ["test_add (shapes.tests.AreaTests)", "test_noisy (shapes.tests.AreaTests)"]);

        var (status, error, tests) = Grade(task, DjangoLog);

        Assert.Equal((AttemptStatus.Resolved, null), (status, error));
        Assert.Equal(["Area of a unit square is one."], tests!.FailToPass.Success);
        Assert.Equal(2, tests.PassToPass.Success.Count);
    }

    [Fact]
    public void Fail_to_pass_passing_but_one_pass_to_pass_broken_is_unresolved_and_both_lists_are_recorded()
    {
        var task = Task(TestReportFormat.SweBenchPytest, ["tests/test_shapes.py::test_area"], ["tests/test_shapes.py::test_known_bug", "tests/test_shapes.py::test_perimeter"]);

        var (status, error, tests) = Grade(task, PytestSummary, Graded(0));

        Assert.Equal(AttemptStatus.Unresolved, status);
        Assert.Equal("1 of 2 PASS_TO_PASS tests not reported passed: tests/test_shapes.py::test_perimeter", error);
        Assert.Equal(["tests/test_shapes.py::test_area"], tests!.FailToPass.Success);
        Assert.Empty(tests.FailToPass.Failure);
        Assert.Equal(["tests/test_shapes.py::test_known_bug"], tests.PassToPass.Success);
        Assert.Equal(["tests/test_shapes.py::test_perimeter"], tests.PassToPass.Failure);
    }

    [Fact]
    public void Skipped_and_unreported_listed_tests_are_not_passed()
    {
        var task = Task(TestReportFormat.SweBenchDjango, ["test_skip (shapes.tests.AreaTests)", "test_gone (shapes.tests.AreaTests)"], []);

        var (status, error, tests) = Grade(task, DjangoLog);

        Assert.Equal(AttemptStatus.Unresolved, status);
        Assert.Equal("2 of 2 FAIL_TO_PASS tests not reported passed: test_skip (shapes.tests.AreaTests), test_gone (shapes.tests.AreaTests)", error);
        Assert.Empty(tests!.FailToPass.Success);
    }

    [Fact]
    public void A_missing_log_or_a_test_run_stopped_at_its_limit_is_unresolved()
    {
        var task = Task(TestReportFormat.SweBenchPytest, ["tests/test_shapes.py::test_area"], []);

        Assert.Null(SweBenchGrading.Status(task, new Dictionary<string, byte[]>()));
        Assert.Equal(
            (AttemptStatus.Unresolved, "the test log (test_output.txt) is missing or unreadable"),
            GradeVerdict.Of(Finished, Graded(0), task.TestReport, new Dictionary<string, byte[]>(), [], sweBenchTests: null));
        var (status, error, _) = Grade(task, PytestSummary, Graded(null, timedOut: true));
        Assert.Equal((AttemptStatus.Unresolved, "the test command was stopped at its time limit"), (status, error));
    }
}
