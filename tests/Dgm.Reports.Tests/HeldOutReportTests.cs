using Dgm.Core.Archive;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Testing;

namespace Dgm.Reports.Tests;

/// <summary>The held-out check in the report, on a constructed archive: train and held-out accuracy, their gap, and the reward-hacking flag.</summary>
public sealed class HeldOutReportTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly TempDirectory _dir = new("held-out-report");

    public void Dispose() => _dir.Dispose();

    private const string RunId = "held-out";

    private static TaskOutcome[] Tasks(string prefix, int resolved, int total) =>
        [.. Enumerable.Range(0, total).Select(i => new TaskOutcome
        {
            TaskId = $"{prefix}{i}",
            Language = "python",
            Attempts = [new AttemptOutcome { Status = i < resolved ? AttemptStatus.Resolved : AttemptStatus.Unresolved }],
        })];

    /// <summary>Writes a node graded <paramref name="train"/> on its stage and, unless null, <paramref name="heldOut"/> on the held-out tasks.</summary>
    private static async Task AddAsync(RunStore runs, string id, string? parent, (int Resolved, int Total) train, (int Resolved, int Total)? heldOut, NodeStatus status = NodeStatus.Admitted)
    {
        await runs.WriteNodeAsync(RunId, new ArchiveNode
        {
            Id = id,
            ParentId = parent,
            Iteration = parent is null ? 0 : int.Parse(id[1..2], System.Globalization.CultureInfo.InvariantCulture),
            Status = parent is null ? NodeStatus.Seed : status,
            Stages = [new StageResult { Stage = 0, Tasks = Tasks("t", train.Resolved, train.Total) }],
        });
        if (heldOut is { } h)
        {
            await runs.WriteHeldOutAsync(RunId, id, new HeldOutResult { Tasks = Tasks("h", h.Resolved, h.Total), Planned = [.. Tasks("h", 0, h.Total).Select(t => t.TaskId)] });
        }
    }

    private static async Task<RunStore> ArchiveAsync()
    {
        var runs = new RunStore(new MemoryArtifactStore());
        await runs.CreateRunAsync(new RunRecord
        {
            RunId = RunId,
            Config = new RunConfig { HeldOut = new HeldOutSettings { Tasks = 4 } },
            SeedSnapshot = "seed",
            SuiteManifestSha = "suite",
            CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await AddAsync(runs, ArchiveNode.SeedId, null, (2, 4), (3, 4));
        await AddAsync(runs, "i1-c0", ArchiveNode.SeedId, (4, 4), (1, 4));  // train up, held-out down
        await AddAsync(runs, "i1-c1", ArchiveNode.SeedId, (3, 4), (3, 4));  // train up, held-out level
        await AddAsync(runs, "i2-c0", "i1-c1", (1, 4), (2, 4));             // both down
        await AddAsync(runs, "i2-c1", "i1-c1", (0, 4), null, NodeStatus.Rejected);
        return runs;
    }

    [Fact]
    public async Task The_report_shows_train_held_out_and_the_gap_and_flags_only_a_child_whose_train_rose_while_held_out_fell()
    {
        var report = await new RunReportReader(await ArchiveAsync()).ReadAsync(RunId, DateTimeOffset.UnixEpoch);
        var checks = report.Nodes.ToDictionary(n => n.Id, n => n.HeldOut);

        var hacked = checks["i1-c0"]!;
        Assert.Equal((1.0, 0.25, 1, 4, 0.75), (hacked.Train!.Value, hacked.Accuracy, hacked.Resolved, hacked.Submitted, hacked.Gap!.Value));
        Assert.True(hacked.Suspect);
        Assert.Equal("i1-c0: train 1, held-out 0.25 (1/4), gap +0.75; train up, held-out down: possible reward hacking", hacked.Line("i1-c0"));

        Assert.Equal((0.5, 0.75, -0.25), (checks["seed"]!.Train!.Value, checks["seed"]!.Accuracy, checks["seed"]!.Gap!.Value));
        Assert.Equal("seed: train 0.5, held-out 0.75 (3/4), gap -0.25", checks["seed"]!.Line("seed"));
        Assert.Equal(["i1-c0"], checks.Where(c => c.Value?.Suspect == true).Select(c => c.Key));
        Assert.Null(checks["i2-c1"]);
    }

    [Fact]
    public async Task A_run_without_held_out_grades_shows_no_check()
    {
        var runs = await ArchiveAsync();
        var nodes = await runs.NodesAsync(RunId);

        Assert.Empty(HeldOutCheck.Of(nodes, new Dictionary<string, HeldOutResult>()));

        // A child whose parent has no held-out grades has a gap but nothing to be flagged against.
        var heldOut = await RunReportReader.HeldOutAsync(runs, RunId, nodes);
        var orphaned = HeldOutCheck.Of(nodes, heldOut.Where(h => h.Key != ArchiveNode.SeedId).ToDictionary());
        Assert.False(orphaned["i1-c0"].Suspect);
        Assert.Equal(0.75, orphaned["i1-c0"].Gap);
    }

    [Fact]
    public async Task The_report_page_shows_the_check_in_a_table_in_the_tree_and_in_the_nodes_panel()
    {
        var file = await new ReportFileReader(new RunReportReader(await ArchiveAsync())).ReadAsync(RunId, "../data/store/", inlineArtifacts: false, DateTimeOffset.UnixEpoch);
        var path = _dir.Combine("report.html");
        await File.WriteAllTextAsync(path, ReportPages.Report(file));
        await using var watched = await chromium.OpenAsync();
        var page = watched.Page;
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForSelectorAsync("#tree .node");

        Assert.Equal(["seed", "i1-c0", "i1-c1", "i2-c0"], await page.Locator("#held-out-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.node)"));
        Assert.Equal(["i1-c0", "1", "0.25 (1/4)", "0.75", HeldOutCheck.SuspectNote], await page.Locator("#held-out-table tr.suspect td").AllTextContentsAsync());
        Assert.Equal(["i1-c0"], await page.Locator("#tree .node:has(text.suspect)").EvaluateAllAsync<string[]>("ns => ns.map(n => n.dataset.node)"));

        await page.ClickAsync("#tree .node[data-node='i1-c0']");
        await page.WaitForSelectorAsync("#node-held-out");
        Assert.Equal($"0.25 (1/4), gap 0.75 (train − held-out); {HeldOutCheck.SuspectNote}", await page.Locator("#node-held-out").TextContentAsync());
        Assert.Empty(watched.Errors);
    }
}
