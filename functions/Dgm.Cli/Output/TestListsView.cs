using Dgm.Core.Archive;

namespace Dgm.Cli.Output;

/// <summary>A SWE-bench grade's FAIL_TO_PASS and PASS_TO_PASS outcomes, by name, as the harness's report.json lists them.</summary>
internal static class TestListsView
{
    public static IEnumerable<string> Lines(string grade, TestsStatus? tests) => tests is null ? [] :
    [
        $"     {grade,-9} FAIL_TO_PASS passed: {Names(tests.FailToPass.Success)}; failed: {Names(tests.FailToPass.Failure)}",
        $"     {grade,-9} PASS_TO_PASS passed: {Names(tests.PassToPass.Success)}; failed: {Names(tests.PassToPass.Failure)}",
    ];

    private static string Names(IReadOnlyList<string> tests) => tests.Count == 0 ? "none" : string.Join(", ", tests);
}
