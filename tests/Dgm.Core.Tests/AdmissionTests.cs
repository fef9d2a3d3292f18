using Dgm.Core.Admission;
using Dgm.Core.Archive;
using Dgm.Core.Configuration;

namespace Dgm.Core.Tests;

public class AdmissionTests
{
    private static readonly BuildOutcome Good = new() { Built = true, SelfTestPassed = true };

    private static ArchiveNode Child(BuildOutcome? build, params TaskOutcome[] firstStage) => new()
    {
        Id = "c",
        ParentId = "seed",
        Status = NodeStatus.Rejected,
        Build = build,
        Stages = firstStage.Length == 0 ? [] : [new StageResult { Stage = 0, Tasks = firstStage }],
    };

    private static readonly AdmissionSettings KeepAll = new() { Rule = AdmissionRule.KeepAll };
    private static readonly AdmissionSettings KeepBetter = new() { Rule = AdmissionRule.KeepBetter, NoiseLeeway = 0.1 };

    [Fact]
    public void Keep_all_admits_a_built_self_tested_fully_graded_child_with_a_real_patch()
    {
        var child = Child(Good, Nodes.Task("a", AttemptStatus.Unresolved), Nodes.Task("b", AttemptStatus.EmptyPatch));
        Assert.True(AdmissionPolicy.Decide(child, KeepAll, firstStageTasks: 2, seedAccuracy: 0.9).Admitted);
    }

    [Fact]
    public void Keep_all_admits_a_child_with_a_grading_error_as_the_reference_does()
    {
        var child = Child(Good, Nodes.Task("a", AttemptStatus.Resolved), Nodes.Task("b", AttemptStatus.Error));
        Assert.True(AdmissionPolicy.Decide(child, KeepAll, firstStageTasks: 2, seedAccuracy: 0.9).Admitted);
    }

    [Fact]
    public void Keep_all_rejects_each_missing_condition_with_its_reason()
    {
        var graded = new[] { Nodes.Task("a", AttemptStatus.Resolved), Nodes.Task("b", AttemptStatus.Unresolved) };
        Assert.Contains("did not build", AdmissionPolicy.Decide(Child(null, graded), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("did not build", AdmissionPolicy.Decide(Child(new() { Built = false, SelfTestPassed = false }, graded), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("self-test", AdmissionPolicy.Decide(Child(Good with { SelfTestPassed = false }, graded), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("only 1 of the 2", AdmissionPolicy.Decide(Child(Good, graded[0]), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("only 0 of the 2", AdmissionPolicy.Decide(Child(Good), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
        Assert.Contains("empty", AdmissionPolicy.Decide(Child(Good, Nodes.Task("a", AttemptStatus.EmptyPatch), Nodes.Task("b", AttemptStatus.EmptyPatch)), KeepAll, 2, 0).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 0.6, true)] // 0.5 ≥ 0.6 − 0.1 (boundary)
    [InlineData(4, 0.6, false)]
    [InlineData(9, 0.6, true)]
    public void Keep_better_compares_with_the_seed_minus_leeway(int resolved, double seed, bool admitted)
    {
        var child = Child(Good, Nodes.Tasks(resolved, 10).ToArray());
        Assert.Equal(admitted, AdmissionPolicy.Decide(child, KeepBetter, 10, seed).Admitted);
        Assert.True(AdmissionPolicy.Decide(child, KeepAll, 10, seed).Admitted);
    }
}
