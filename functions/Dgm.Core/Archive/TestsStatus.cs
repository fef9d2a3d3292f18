namespace Dgm.Core.Archive;

/// <summary>
/// A SWE-bench grade's tests as the harness's report.json lists them: per list, the tests reported passed and the
/// rest (failed, errored, skipped or not reported at all).
/// </summary>
public sealed record TestsStatus(TestListStatus FailToPass, TestListStatus PassToPass)
{
    public bool AllPassed => FailToPass.Failure.Count == 0 && PassToPass.Failure.Count == 0;
}

public sealed record TestListStatus(IReadOnlyList<string> Success, IReadOnlyList<string> Failure);
