using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Randomness;
using Dgm.Core.Selection;

namespace Dgm.Core.Tests;

/// <summary>
/// The indexed archive and the policies against <see cref="ReferenceSelection"/> on random archives (deep chains and
/// wide fans, unevaluated nodes, several attempts, every grade, many accuracy ties), checked after every addition.
/// </summary>
public class SelectionReferenceTests
{
    private const int Archives = 150;

    [Fact]
    public void Every_policy_draws_the_parents_a_straightforward_computation_draws()
    {
        for (var seed = 0; seed < Archives; seed++)
        {
            var random = new DeterministicRandom((ulong)seed);
            var slots = 1 + random.NextInt(3);
            int? topK = random.NextInt(3) is var k and > 0 ? k : null;
            GrowRandomArchive(seed, (archive, nodes) =>
            {
                foreach (var policy in Enum.GetValues<SelectionPolicy>())
                {
                    var settings = new SelectionSettings { Policy = policy, TopK = topK };
                    var drawn = ParentSelection.Select(archive, settings, slots, seed, nodes.Count).Select(p => p.ParentId).ToList();
                    var expected = Enumerable.Range(0, slots).Select(slot => ReferenceSelection.Pick(nodes, settings, slots, seed, nodes.Count, slot)).ToList();
                    Assert.True(expected.SequenceEqual(drawn), $"archive {seed} at {nodes.Count} nodes, {policy}: expected [{string.Join(", ", expected)}], drew [{string.Join(", ", drawn)}]");
                }
            });
        }
    }

    [Fact]
    public void Children_descendants_and_clade_counts_match_a_scan_after_every_addition()
    {
        for (var seed = 0; seed < Archives; seed++)
        {
            GrowRandomArchive(seed, (archive, nodes) =>
            {
                // The same nodes loaded at once, as a run's archive is: its clades are summed in one pass, not per addition.
                var loaded = new AgentArchive(archive.Nodes);
                foreach (var node in nodes)
                {
                    Assert.Equal(ReferenceSelection.Clade(nodes, node), HgmPolicy.Clade(loaded.Get(node.Id), loaded));
                    Assert.Equal(ReferenceSelection.Children(nodes, node).Select(n => n.Id), archive.Children(node.Id).Select(n => n.Id));
                    Assert.Equal(ReferenceSelection.Descendants(nodes, node).Select(n => n.Id), archive.Descendants(node.Id).Select(n => n.Id));
                    Assert.Equal(ReferenceSelection.Clade(nodes, node), HgmPolicy.Clade(archive.Get(node.Id), archive));
                }
            });
        }
    }

    /// <summary>Adds the nodes of random archive <paramref name="seed"/> one at a time, checking after each.</summary>
    private static void GrowRandomArchive(int seed, Action<AgentArchive, IReadOnlyList<ArchiveNode>> check)
    {
        var random = new DeterministicRandom((ulong)seed + 1_000);
        var archive = new AgentArchive([]);
        var nodes = new List<ArchiveNode>();
        var count = 1 + random.NextInt(30);
        for (var i = 0; i < count; i++)
        {
            // Half the children extend the newest node, so lineages run deep; the rest fan out anywhere.
            var parent = i == 0 ? null : random.NextInt(2) == 0 ? nodes[^1].Id : nodes[random.NextInt(nodes.Count)].Id;
            var node = new ArchiveNode
            {
                Id = i == 0 ? ArchiveNode.SeedId : $"n{i}",
                ParentId = parent,
                Status = parent is null ? NodeStatus.Seed : NodeStatus.Admitted,
                Stages = i == 0 || random.NextInt(6) > 0 ? RandomStages(random) : [],
            };
            archive.Add(ArchiveEntry.Of(node));
            nodes.Add(node);
            check(archive, nodes);
        }
    }

    /// <summary>One or two stages of up to five tasks with up to three attempts each: empty stages and tasks included.</summary>
    private static List<StageResult> RandomStages(DeterministicRandom random) =>
        Enumerable.Range(0, 1 + random.NextInt(2)).Select(stage => new StageResult
        {
            Stage = stage,
            Tasks = Enumerable.Range(0, random.NextInt(6)).Select(task => new TaskOutcome
            {
                TaskId = $"s{stage}-t{task}",
                Language = random.NextInt(2) == 0 ? "python" : "rust",
                Attempts = Enumerable.Range(0, random.NextInt(4)).Select(_ => new AttemptOutcome { Status = (AttemptStatus)random.NextInt(4) }).ToList(),
            }).ToList(),
        }).ToList();
}
