using Dgm.Core.Archive;
using Dgm.Core.Configuration;

namespace Dgm.Core.Admission;

public sealed record AdmissionDecision(bool Admitted, string Reason);

/// <summary>
/// keep_all admits a child that built, passed its own self-test, was graded on every task of stage 1 and left at
/// least one non-empty patch; keep_better also asks for accuracy ≥ seed accuracy − noise leeway.
/// </summary>
public static class AdmissionPolicy
{
    public static AdmissionDecision Decide(ArchiveNode child, AdmissionSettings settings, int firstStageTasks, double seedAccuracy)
    {
        if (child.Build?.Error is { } error)
        {
            return new(false, $"the harness could not build the child: {error}");
        }

        if (child.Build is not { Built: true })
        {
            return new(false, "the child's source did not build");
        }

        if (!child.Build.SelfTestPassed)
        {
            return new(false, "the child failed its own self-test");
        }

        var firstStage = child.Stages.FirstOrDefault(s => s.Stage == 0);
        var graded = firstStage?.Tasks.Count(t => t.Attempts.Count > 0 && t.Attempts.Any(a => a.Status != AttemptStatus.Error)) ?? 0;
        if (graded < firstStageTasks)
        {
            return new(false, $"only {graded} of the {firstStageTasks} stage-1 tasks were graded");
        }

        if (!firstStage!.Tasks.SelectMany(t => t.Attempts).Any(a => a.Status is AttemptStatus.Resolved or AttemptStatus.Unresolved))
        {
            return new(false, "every stage-1 patch was empty");
        }

        if (settings.Rule == AdmissionRule.KeepBetter)
        {
            var bar = seedAccuracy - settings.NoiseLeeway;
            if (child.Accuracy < bar)
            {
                return new(false, $"accuracy {child.Accuracy:0.###} is below the seed's {seedAccuracy:0.###} minus leeway {settings.NoiseLeeway:0.###}");
            }
        }

        return new(true, settings.Rule == AdmissionRule.KeepBetter ? "built, self-tested, graded, and scored within the leeway of the seed" : "built, self-tested and graded with a non-empty patch");
    }
}
