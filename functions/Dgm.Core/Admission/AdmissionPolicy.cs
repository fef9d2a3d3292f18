using Dgm.Core.Archive;
using Dgm.Core.Configuration;

namespace Dgm.Core.Admission;

public sealed record AdmissionDecision(bool Admitted, string Reason);

/// <summary>
/// keep_all admits a child that built, passed its own self-test, has a result for every task of stage 1 and left at
/// least one non-empty patch; keep_better also asks for accuracy ≥ seed accuracy − noise leeway. As in the reference,
/// a task that ended in an error still counts as submitted (it scores as a failure): a grading error is the harness's
/// fault, not the child's, so it never rejects the child.
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
        var submitted = firstStage?.Tasks.Count(t => t.Attempts.Count > 0) ?? 0;
        if (submitted < firstStageTasks)
        {
            return new(false, $"only {submitted} of the {firstStageTasks} stage-1 tasks have a result");
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
