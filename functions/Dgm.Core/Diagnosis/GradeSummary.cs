using System.Text;
using Dgm.Core.Archive;

namespace Dgm.Core.Diagnosis;

/// <summary>
/// What the harness itself recorded about an attempt's grade: the status, the reason read from the test runner's report
/// (which tests failed or were missing) and the files grading ignored. The harness wrote all of it, so the diagnosis can
/// trust it, unlike the test output, which the code under test controls.
/// </summary>
public static class GradeSummary
{
    public static string Of(AttemptOutcome attempt)
    {
        var text = new StringBuilder(attempt.Status switch
        {
            AttemptStatus.Resolved => "Resolved: every expected test passed.",
            AttemptStatus.EmptyPatch => "Empty patch: the agent left the repository unchanged, so nothing was graded.",
            AttemptStatus.Error => "Not graded: the harness could not grade this attempt (not the agent's fault).",
            _ => "Unresolved: the hidden tests did not all pass.",
        });
        if (attempt.Error is { } reason)
        {
            text.Append("\nReason recorded by the harness: ").Append(reason);
        }

        if (attempt.DroppedFromPatch.Count > 0)
        {
            text.Append("\nFiles of the patch that grading ignored (tests, test hooks or paths the task does not let the agent change): ")
                .AppendJoin(", ", attempt.DroppedFromPatch);
        }

        return text.ToString();
    }
}
