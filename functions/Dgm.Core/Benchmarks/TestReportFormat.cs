namespace Dgm.Core.Benchmarks;

/// <summary>
/// The per-test report a task's test command writes into <c>$DGM_REPORT_DIR</c>, which grading reads: a task is
/// resolved only when that report shows every test passed (and the command also exits 0).
/// </summary>
public enum TestReportFormat
{
    /// <summary>No report: the grade is the test command's exit code alone (tasks not yet moved to a report).</summary>
    None,

    /// <summary>JUnit XML (<c>*.xml</c>): pytest <c>--junitxml</c>, the JUnit console launcher's <c>--reports-dir</c>.</summary>
    JunitXml,

    /// <summary>Jest's <c>--json --outputFile</c>.</summary>
    JestJson,

    /// <summary><c>go test -json</c>'s event stream.</summary>
    GoTestJson,

    /// <summary>Rust libtest's console output (<c>cargo test</c>, captured with <c>tee</c>).</summary>
    Libtest,

    /// <summary>Catch2's XML reporter (<c>-r xml -o catch2.xml</c>).</summary>
    Catch2Xml,

    // The SWE-bench harness's log formats: the test command's console output (test_output.txt, captured with tee),
    // read the way the harness's parser for the task's repository reads it. The grade is FAIL_TO_PASS and PASS_TO_PASS.

    /// <summary>pytest <c>-rA</c> summary lines (flask, xarray, pytest).</summary>
    SweBenchPytest,

    /// <summary>pytest lines with colour codes removed, status first or last (astropy, scikit-learn, sphinx).</summary>
    SweBenchPytestV2,

    /// <summary>pytest lines whose parameters that are absolute paths keep only their last segment (requests, pylint).</summary>
    SweBenchPytestOptions,

    /// <summary>pytest lines with matplotlib's mouse buttons written as numbers.</summary>
    SweBenchMatplotlib,

    /// <summary>pytest lines as seaborn's harness reads them (skips and errors are not listed).</summary>
    SweBenchSeaborn,

    /// <summary>Django's runtests.py at verbosity 2: <c>name ... ok</c>, with a docstring's first line as the name.</summary>
    SweBenchDjango,

    /// <summary>sympy's bin/test <c>--verbose</c>: <c>test_x ok</c> and its failure headers.</summary>
    SweBenchSympy,
}

public static class TestReportFormats
{
    /// <summary>Whether the format is one of the SWE-bench harness's logs (graded by FAIL_TO_PASS and PASS_TO_PASS, not by the exit code).</summary>
    public static bool IsSweBenchLog(this TestReportFormat format) => format >= TestReportFormat.SweBenchPytest;
}
