using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Selection;

namespace Dgm.Core.Tests;

public class SelectionTests
{
    private const int Draws = 100_000;

    /// <summary>seed(0.4) → a(0.7) → c(0.2); seed → b(0.55); b → d(0.9); five nodes, uneven children.</summary>
    private static AgentArchive SampleArchive() => Nodes.Archive(
        Nodes.Evaluated("seed", null, 4, 10),
        Nodes.Evaluated("a", "seed", 7, 10),
        Nodes.Evaluated("b", "seed", 11, 20),
        Nodes.Evaluated("c", "a", 2, 10),
        Nodes.Evaluated("d", "b", 9, 10));

    private static Dictionary<string, double> Frequencies(AgentArchive archive, SelectionSettings settings, long seed = 0)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < Draws; i++)
        {
            var pick = ParentSelection.Select(archive, settings, slots: 1, seed, iteration: i)[0];
            counts[pick.ParentId] = counts.GetValueOrDefault(pick.ParentId) + 1;
        }

        return archive.Nodes.ToDictionary(n => n.Id, n => counts.GetValueOrDefault(n.Id) / (double)Draws);
    }

    private static void AssertWithinOnePoint(IReadOnlyDictionary<string, double> expected, IReadOnlyDictionary<string, double> actual)
    {
        foreach (var (id, p) in expected)
        {
            Assert.True(Math.Abs(p - actual[id]) < 0.01, $"node {id}: expected {p:0.0000}, drew {actual[id]:0.0000}");
        }
    }

    private static double Sigmoid(double acc) => 1 / (1 + Math.Exp(-10 * (acc - 0.5)));

    [Fact]
    public void Score_child_prop_matches_sigmoid_over_one_plus_children()
    {
        var archive = SampleArchive();
        var children = new Dictionary<string, int> { ["seed"] = 2, ["a"] = 1, ["b"] = 1, ["c"] = 0, ["d"] = 0 };
        var weights = archive.Nodes.ToDictionary(n => n.Id, n => Sigmoid(n.Accuracy) / (1 + children[n.Id]));
        var total = weights.Values.Sum();
        var expected = weights.ToDictionary(kv => kv.Key, kv => kv.Value / total);

        AssertWithinOnePoint(expected, Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.ScoreChildProp }));
    }

    [Fact]
    public void Score_prop_matches_sigmoid_of_accuracy()
    {
        var archive = SampleArchive();
        var total = archive.Nodes.Sum(n => Sigmoid(n.Accuracy));
        var expected = archive.Nodes.ToDictionary(n => n.Id, n => Sigmoid(n.Accuracy) / total);

        AssertWithinOnePoint(expected, Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.ScoreProp }));
    }

    [Fact]
    public void Random_is_uniform()
    {
        var archive = SampleArchive();
        AssertWithinOnePoint(archive.Nodes.ToDictionary(n => n.Id, _ => 0.2), Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.Random }));
    }

    [Fact]
    public void No_darwin_always_takes_the_newest_node()
    {
        var archive = SampleArchive();
        var expected = archive.Nodes.ToDictionary(n => n.Id, n => n.Id == "d" ? 1.0 : 0.0);
        AssertWithinOnePoint(expected, Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.NoDarwin }));
    }

    [Fact]
    public void No_selfimprove_selects_like_the_default_but_the_seed_modifies()
    {
        var archive = SampleArchive();
        var settings = new SelectionSettings { Policy = SelectionPolicy.NoSelfimprove };
        var picks = ParentSelection.Select(archive, settings, slots: 6, seed: 3, iteration: 1);
        var defaults = ParentSelection.Select(archive, new SelectionSettings(), slots: 6, seed: 3, iteration: 1);

        Assert.Equal(defaults.Select(p => p.ParentId), picks.Select(p => p.ParentId));
        Assert.All(picks, p => Assert.Equal("seed", p.ModifierId));
        Assert.All(defaults, p => Assert.Equal(p.ParentId, p.ModifierId));
    }

    [Fact]
    public void Best_cycles_through_the_top_k_and_breaks_ties_by_admission_order()
    {
        var archive = Nodes.Archive(
            Nodes.Evaluated("seed", null, 5, 10),
            Nodes.Evaluated("x", "seed", 8, 10),
            Nodes.Evaluated("y", "seed", 8, 10),
            Nodes.Evaluated("z", "x", 9, 10));

        var picks = ParentSelection.Select(archive, new SelectionSettings { Policy = SelectionPolicy.Best, TopK = 3 }, slots: 5, seed: 0, iteration: 0);
        Assert.Equal(["z", "x", "y", "z", "x"], picks.Select(p => p.ParentId));

        // Over many iterations the frequencies are exactly 1/k for each slot position.
        var frequencies = Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.Best, TopK = 2 });
        AssertWithinOnePoint(new Dictionary<string, double> { ["z"] = 1.0, ["x"] = 0, ["y"] = 0, ["seed"] = 0 }, frequencies);
    }

    [Fact]
    public void Hgm_matches_the_thompson_win_probabilities_of_the_pooled_clades()
    {
        var archive = SampleArchive();
        var clades = archive.Nodes.Select(n => HgmPolicy.Clade(n, archive)).ToList();
        var win = ThompsonWinProbabilities(clades.Select(c => (1 + c.Successes, 1 + c.Failures)).ToList());
        var expected = archive.Nodes.Select((n, i) => (n.Id, win[i])).ToDictionary(x => x.Id, x => x.Item2);

        AssertWithinOnePoint(expected, Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.Hgm }));
    }

    [Fact]
    public void Hgm_pools_descendants_so_a_weak_node_with_a_strong_subtree_is_preferred()
    {
        // 'weak' scores 0.3 itself but its children score 0.9; 'solo' scores 0.5 and has no children.
        var archive = Nodes.Archive(
            Nodes.Evaluated("seed", null, 2, 20),
            Nodes.Evaluated("weak", "seed", 3, 10),
            Nodes.Evaluated("solo", "seed", 5, 10),
            Nodes.Evaluated("k1", "weak", 9, 10),
            Nodes.Evaluated("k2", "weak", 9, 10));

        var weak = HgmPolicy.Clade(archive.Get("weak"), archive);
        Assert.Equal(new CladeCounts(21, 9), weak);
        Assert.Equal(new CladeCounts(2 + 3 + 5 + 9 + 9, 18 + 7 + 5 + 1 + 1), HgmPolicy.Clade(archive.Get("seed"), archive));

        var hgm = Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.Hgm });
        var scoreProp = Frequencies(archive, new SelectionSettings { Policy = SelectionPolicy.ScoreProp });
        Assert.True(hgm["weak"] > hgm["solo"], $"hgm weak {hgm["weak"]:0.000} vs solo {hgm["solo"]:0.000}");
        Assert.True(scoreProp["weak"] < scoreProp["solo"], "score_prop judges nodes alone and prefers solo");
    }

    [Fact]
    public void The_same_seed_gives_the_same_parents_and_another_seed_other_parents()
    {
        var archive = SampleArchive();
        foreach (var policy in new[] { SelectionPolicy.ScoreChildProp, SelectionPolicy.ScoreProp, SelectionPolicy.Random, SelectionPolicy.Hgm })
        {
            var settings = new SelectionSettings { Policy = policy };
            IReadOnlyList<string> Run(long seed) =>
                Enumerable.Range(0, 20).SelectMany(it => ParentSelection.Select(archive, settings, slots: 2, seed, it)).Select(p => p.ParentId).ToList();

            Assert.Equal(Run(11), Run(11));
            Assert.NotEqual(Run(11), Run(12));
        }
    }

    [Fact]
    public void Only_evaluated_nodes_are_candidates()
    {
        var archive = Nodes.Archive(Nodes.Evaluated("seed", null, 1, 2), new ArchiveNode { Id = "fresh", ParentId = "seed", Status = NodeStatus.Admitted });
        Assert.Equal(["seed"], ParentSelection.Candidates(archive).Select(n => n.Id));

        var empty = Nodes.Archive(new ArchiveNode { Id = "seed", Status = NodeStatus.Seed });
        Assert.Throws<InvalidOperationException>(() => ParentSelection.Select(empty, new SelectionSettings(), 1, 0, 0));
    }

    /// <summary>P(i has the largest draw) = ∫ f_i(x) Π_{j≠i} F_j(x) dx, by the midpoint rule, for integer Beta parameters.</summary>
    private static double[] ThompsonWinProbabilities(IReadOnlyList<(int A, int B)> betas)
    {
        const int steps = 100_000;
        const double h = 1.0 / steps;
        static double LnFactorial(int n) => Enumerable.Range(2, Math.Max(0, n - 1)).Sum(k => Math.Log(k));
        var lnBeta = betas.Select(b => LnFactorial(b.A - 1) + LnFactorial(b.B - 1) - LnFactorial(b.A + b.B - 1)).ToArray();
        var cumulative = new double[betas.Count];
        var win = new double[betas.Count];
        var pdf = new double[betas.Count];
        var cdf = new double[betas.Count];
        for (var s = 0; s < steps; s++)
        {
            var x = (s + 0.5) * h;
            for (var i = 0; i < betas.Count; i++)
            {
                pdf[i] = Math.Exp((betas[i].A - 1) * Math.Log(x) + (betas[i].B - 1) * Math.Log(1 - x) - lnBeta[i]);
                cdf[i] = cumulative[i] + pdf[i] * h / 2;
            }

            for (var i = 0; i < betas.Count; i++)
            {
                var othersBelow = 1.0;
                for (var j = 0; j < betas.Count; j++)
                {
                    othersBelow *= j == i ? 1 : cdf[j];
                }

                win[i] += pdf[i] * othersBelow * h;
                cumulative[i] += pdf[i] * h;
            }
        }

        return win;
    }
}
