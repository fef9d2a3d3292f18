using Dgm.Core.Benchmarks;

namespace Dgm.Core.Diagnosis;

/// <summary>
/// Which of the reference's two diagnosis designs a suite gets: SWE-bench's (issues in a repository, hidden tests as
/// a test patch) or Polyglot's (exercises with hidden test files — our starter suite is of this kind too).
/// </summary>
public enum DiagnosisStyle
{
    Exercises,
    Issues,
}

public static class DiagnosisStyles
{
    public static DiagnosisStyle Of(BenchmarkSuite suite) =>
        suite.Tasks.Any(t => t.HiddenTests == HiddenTestsFormat.Patch) ? DiagnosisStyle.Issues : DiagnosisStyle.Exercises;
}
