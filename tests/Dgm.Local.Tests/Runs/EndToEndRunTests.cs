using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Core.Selection;
using Dgm.Workflow;

namespace Dgm.Local.Tests.Runs;

/// <summary>Whole runs through the embedded engine: the real seed agent, sandboxes, builds and grading; the replay model (no AI).</summary>
[Collection(nameof(QuickDgm))]
public sealed class EndToEndRunTests(QuickDgm quick)
{
    [Fact]
    public async Task A_run_selects_builds_grades_and_admits_and_commits_what_it_did()
    {
        var config = QuickDgm.Config(iterations: 2, children: 2);
        var outcome = await quick.RunAsync("full", config);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        var runs = quick.Dgm.Runs;
        var run = await runs.GetRunAsync("full");
        Assert.Equal(2, run.LastCommittedIteration);

        // The seed solves the three tasks its overwrite-only editor can fix, not the one that needs str_replace.
        var seed = await runs.GetNodeAsync("full", ArchiveNode.SeedId);
        Assert.Equal(NodeStatus.Seed, seed.Status);
        Assert.Equal(["js-semver-sort", "py-duration-parse", "py-lru-cache"], seed.Summary.ResolvedIds.Order());
        Assert.Equal(["js-csv-quotes"], seed.Summary.EmptyPatchIds);

        // Through the gateway and the replay cassette, the seed viewed the file, overwrote it and ran the task's tests
        // with its bash tool: its transcript shows the passing run, and grading in a fresh sandbox agreed.
        var lru = seed.Outcomes.Single(t => t.TaskId == "py-lru-cache").Attempts.Single();
        var transcript = Encoding.UTF8.GetString((await quick.Dgm.Store.GetAsync(lru.TranscriptKey!))!.Content);
        Assert.Contains("\"command\":\"view\"", transcript.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"command\":\"edit\"", transcript.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("python3 -m unittest discover -s tests -t . -v", transcript, StringComparison.Ordinal);
        Assert.Matches(@"Ran \d+ tests? in [0-9.]+s\s+OK", transcript);

        // i1-c0 gave itself str_replace: its patch changes its own source, it builds, passes its self-test and solves everything.
        var improved = await runs.GetNodeAsync("full", "i1-c0");
        Assert.Equal(NodeStatus.Admitted, improved.Status);
        var patch = Encoding.UTF8.GetString((await quick.Dgm.Store.GetAsync(ArtifactKeys.Patch("full", "i1-c0")))!.Content);
        Assert.Contains("+            \"str_replace\" => StrReplace(path, arguments),", patch, StringComparison.Ordinal);
        Assert.Equal(1.0, improved.Accuracy);
        Assert.Equal(4, improved.Outcomes.Count());
        Assert.True(improved.Build!.Succeeded);

        // i1-c1 removed its editor: the patch is real, but its self-test catches it and it is recorded, not admitted.
        var broken = await runs.GetNodeAsync("full", "i1-c1");
        Assert.Equal(NodeStatus.Rejected, broken.Status);
        Assert.Equal("the child failed its own self-test", broken.Reason);
        Assert.False(broken.IsEvaluated);

        // Every iteration record agrees with the nodes, and its parents are what the policy draws from the archive as it stood.
        var iterations = await runs.IterationsAsync("full");
        Assert.Equal([0, 1, 2], iterations.Select(i => i.Iteration));
        var archive = new AgentArchive([ArchiveEntry.Of(seed)]);
        foreach (var iteration in iterations.Skip(1))
        {
            var expected = ParentSelection.Select(archive, config.Selection, config.ChildrenPerIteration, config.Seed, iteration.Iteration);
            Assert.Equal(expected.Select(p => p.ParentId), iteration.Plans.Select(p => p.ParentId));
            foreach (var child in iteration.Children)
            {
                var node = await runs.GetNodeAsync("full", child.Id);
                Assert.Equal(node.Status, child.Status);
                Assert.Equal(node.Status == NodeStatus.Admitted, iteration.Admitted.Contains(child.Id));
            }

            foreach (var admitted in iteration.Admitted)
            {
                archive.Add(ArchiveEntry.Of(await runs.GetNodeAsync("full", admitted)));
            }
        }

        Assert.Equal(archive.Nodes.Select(n => n.Id), (await runs.ArchiveAsync("full")).Nodes.Select(n => n.Id));
        Assert.Equal(archive.Nodes.MaxBy(n => n.Accuracy)!.Id, run.BestNodeId);

        // Spend was metered: model tokens through the gateway, sandbox seconds per job kind; nothing is left reserved.
        var ledger = await runs.LedgerAsync("full");
        Assert.True(ledger.SpentByKind["model:coding"].Tokens > 0);
        Assert.True(ledger.SpentByKind["model:diagnosis"].Tokens > 0);
        Assert.True(ledger.SpentByKind["sandbox:Grade"].SandboxSeconds > 0);
        Assert.Empty(ledger.Reserved);
    }

    [Fact]
    public async Task The_same_seed_replays_the_same_parents_and_archive()
    {
        var first = await quick.RunAsync("same-a", QuickDgm.Config(iterations: 2, children: 2, seed: 7));
        var second = await quick.RunAsync("same-b", QuickDgm.Config(iterations: 2, children: 2, seed: 7));
        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);

        var runs = quick.Dgm.Runs;
        var a = await runs.IterationsAsync("same-a");
        var b = await runs.IterationsAsync("same-b");
        Assert.Equal(a.Select(i => i.Plans), b.Select(i => i.Plans));
        Assert.Equal(a.Select(i => i.Admitted), b.Select(i => i.Admitted));
        var nodesA = (await runs.NodesAsync("same-a")).OrderBy(n => n.Id).ToList();
        var nodesB = (await runs.NodesAsync("same-b")).OrderBy(n => n.Id).ToList();
        Assert.Equal(nodesA.Select(n => (n.Id, n.ParentId, n.Status, n.Accuracy, n.SnapshotHash)), nodesB.Select(n => (n.Id, n.ParentId, n.Status, n.Accuracy, n.SnapshotHash)));
    }

    [Fact]
    public async Task A_budget_that_allows_exactly_one_child_stops_after_it_with_the_reason()
    {
        const long ceiling = 100_000;
        KeyValuePair<string, string>[] ceilings = [new("models.diagnosis.tokenBudgetPerJob", $"{ceiling}"), new("models.coding.tokenBudgetPerJob", $"{ceiling}"), new("maxParallelJobs", "1")];

        // Measure what the seed and one child use, then allow exactly that plus one reservation minus one token.
        await quick.RunAsync("budget-measure", QuickDgm.Config(iterations: 1, children: 1, overrides: ceilings));
        var oneChild = (await quick.Dgm.Runs.LedgerAsync("budget-measure")).Spent.Tokens;

        var outcome = await quick.RunAsync("budget", QuickDgm.Config(iterations: 3, children: 1, overrides: [.. ceilings, new("budget.tokens", $"{oneChild + ceiling - 1}")]));

        Assert.Equal(RunStatus.Stopped, outcome.Status);
        Assert.Contains("budget.tokens would be crossed", outcome.Reason, StringComparison.Ordinal);
        var run = await quick.Dgm.Runs.GetRunAsync("budget");
        Assert.Equal(RunStatus.Stopped, run.Status);
        Assert.Equal(outcome.Reason, run.StopReason);
        var children = (await quick.Dgm.Runs.NodesAsync("budget")).Where(n => n.Id != ArchiveNode.SeedId).Select(n => n.Id).Order();
        Assert.Equal(["i1-c0"], children);
        var refused = (await quick.Dgm.Runs.IterationsAsync("budget"))[^1];
        Assert.Equal(2, refused.Iteration);
        Assert.Contains("budget.tokens", Assert.Single(refused.Refused), StringComparison.Ordinal);
        var ledger = await quick.Dgm.Runs.LedgerAsync("budget");
        Assert.True(ledger.Spent.Tokens <= oneChild + ceiling - 1);
        Assert.Empty(ledger.Reserved);
    }
}
