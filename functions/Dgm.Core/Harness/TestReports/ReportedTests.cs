namespace Dgm.Core.Harness.TestReports;

public enum TestOutcome
{
    Passed,
    Failed,

    /// <summary>Reported but not run (skipped, ignored, pending): neither a pass nor a failure.</summary>
    Skipped,
}

/// <summary>One test as the test runner reported it.</summary>
public sealed record ReportedTest(string Name, TestOutcome Outcome)
{
    public bool Passed => Outcome == TestOutcome.Passed;
}

/// <summary>
/// What a test runner's own report says: every test it reported, and how many tests its summary claims ran. The two
/// must agree; a report cut short by an early exit, or written by hand, rarely gets both right.
/// </summary>
public sealed record ReportedTests(IReadOnlyList<ReportedTest> Tests, int Claimed);
