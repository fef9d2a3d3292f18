using Dgm.Core.Archive;
using Dgm.Core.Diagnosis;

namespace Dgm.Core.Tests;

public class ArchiveTests
{
    [Fact]
    public void Lineage_children_and_descendants_follow_parent_links()
    {
        var archive = Nodes.Archive(
            Nodes.Evaluated("seed", null, 1, 2),
            Nodes.Evaluated("a", "seed", 1, 2),
            Nodes.Evaluated("b", "a", 1, 2),
            Nodes.Evaluated("c", "seed", 1, 2),
            Nodes.Evaluated("d", "b", 1, 2));

        Assert.Equal(["seed", "a", "b", "d"], archive.Lineage("d").Select(n => n.Id));
        Assert.Equal(["a", "c"], archive.Children("seed").Select(n => n.Id));
        Assert.Equal(["b", "d"], archive.Descendants("a").Select(n => n.Id));
        Assert.Equal("d", archive.Newest.Id);
    }

    [Fact]
    public void The_archive_refuses_rejected_orphaned_and_duplicate_nodes()
    {
        var archive = Nodes.Archive(Nodes.Evaluated("seed", null, 1, 2));
        Assert.Throws<ArgumentException>(() => archive.Add(ArchiveEntry.Of(new ArchiveNode { Id = "r", ParentId = "seed", Status = NodeStatus.Rejected, Reason = "x" })));
        Assert.Throws<ArgumentException>(() => archive.Add(ArchiveEntry.Of(Nodes.Evaluated("o", "missing", 1, 2))));
        Assert.Throws<ArgumentException>(() => archive.Add(ArchiveEntry.Of(Nodes.Evaluated("seed", null, 1, 2))));
    }

    [Fact]
    public void A_node_round_trips_through_json_with_only_its_data_stored()
    {
        var node = Nodes.Evaluated("i001-c0", "seed", 3, 5) with
        {
            ModifierId = "seed",
            Iteration = 1,
            DiagnosisEntry = new DiagnosisEntry(DiagnosisKind.SolveContextLength, "t1"),
            ProblemStatement = "do better",
            PatchHash = "ab",
            SnapshotHash = "cd",
            Build = new BuildOutcome { Built = true, SelfTestPassed = true, LogKey = "k" },
            Cost = new Budget.Spend(1.25m, 100, 3.5),
        };

        var json = DgmJson.Serialize(node);
        var text = System.Text.Encoding.UTF8.GetString(json);
        Assert.Contains("\"solve_contextlength\"", text, StringComparison.Ordinal);
        // Scores are derived from the stages on read, never stored beside them.
        foreach (var derived in new[] { "\"accuracy\"", "\"summary\"", "\"outcomes\"", "\"verdict\"", "\"succeeded\"", "\"isEvaluated\"" })
        {
            Assert.DoesNotContain(derived, text, StringComparison.Ordinal);
        }

        var back = DgmJson.Deserialize<ArchiveNode>(json, "node.json");
        Assert.Equal(node.DiagnosisEntry, back.DiagnosisEntry);
        Assert.Equal(node.Cost, back.Cost);
        Assert.Equal(node.Build, back.Build);
        Assert.Equal(0.6, back.Accuracy, 12);
        Assert.Equal(DgmJson.Serialize(node), DgmJson.Serialize(back));
    }

    [Fact]
    public void Malformed_node_json_names_the_source()
    {
        var ex = Assert.Throws<InvalidDataException>(() => DgmJson.Deserialize<ArchiveNode>("{\"id\": 3}"u8, "runs/r/nodes/x/node.json"));
        Assert.StartsWith("runs/r/nodes/x/node.json:", ex.Message, StringComparison.Ordinal);
    }
}
