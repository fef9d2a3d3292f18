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
}
