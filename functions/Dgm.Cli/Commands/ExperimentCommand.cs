using System.CommandLine;
using System.Globalization;
using Dgm.Benchmarks;
using Dgm.Cli.Output;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Local.Hosting;
using Dgm.Reports;
using Dgm.Workflow;

namespace Dgm.Cli.Commands;

/// <summary>
/// `dgm experiment`: one run per policy and seed in one process (builds are content-addressed, so each snapshot is
/// built once for all of them), the configuration's budget split evenly between them, ending with the comparison.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var policies = new Option<string[]>("--policies") { Description = "Selection policies, comma-separated; the first is the reference.", Required = true, CustomParser = List };
        var seeds = new Option<string[]>("--seeds") { Description = "Seeds, comma-separated.", DefaultValueFactory = _ => ["0"], CustomParser = List };
        var name = new Option<string?>("--name") { Description = "Prefix of the run ids: {name}-{policy}-s{seed} (default: exp-<time>)." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (each also runs maxParallelJobs sandbox jobs).", DefaultValueFactory = _ => 1 };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the comparison as one self-contained HTML file." };
        var command = new Command("experiment", "Run an ablation: every policy with every seed on one configuration, sharing builds and the budget (split evenly), then compare the policies.")
        {
            RunCommands.Config, policies, seeds, name, parallel, html, CompareCommand.Resamples, CompareCommand.BootstrapSeed, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var prefix = parse.GetValue(name) ?? $"exp-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}";
            var arms = parse.GetValue(policies)!.SelectMany(policy => parse.GetValue(seeds)!.Select(seed => (Policy: policy, Seed: seed))).ToList();
            var shared = RunCommands.LoadConfig(parse).Budget;
            var plan = arms.Select(arm => (
                RunId: $"{prefix}-{arm.Policy}-s{arm.Seed}",
                Config: RunCommands.LoadConfig(parse,
                [
                    new("selection.policy", arm.Policy),
                    new("seed", arm.Seed),
                    new("budget.dollars", (shared.Dollars / arms.Count).ToString(CultureInfo.InvariantCulture)),
                    new("budget.tokens", (shared.Tokens / arms.Count).ToString(CultureInfo.InvariantCulture)),
                    new("budget.sandboxSeconds", (shared.SandboxSeconds / arms.Count).ToString(CultureInfo.InvariantCulture)),
                ]))).ToList();

            Console.WriteLine($"experiment {prefix}: {plan.Count} run(s), {parse.GetValue(parallel)} at a time; each gets 1/{plan.Count} of the budget (${plan[0].Config.Budget.Dollars:0.####}, {plan[0].Config.Budget.Tokens:N0} tokens, {plan[0].Config.Budget.SandboxSeconds:0.#} sandbox-seconds)");
            await using var dgm = await LocalDgm.StartAsync(RunCommands.Options(parse), cancellationToken);
            var launcher = new RunLauncher(dgm);
            var outcomes = new List<RunOutcome>();
            try
            {
                foreach (var batch in plan.Chunk(Math.Max(1, parse.GetValue(parallel))))
                {
                    outcomes.AddRange(await Task.WhenAll(batch.Select(async run =>
                    {
                        await launcher.StartAsync(run.Config, run.RunId, cancellationToken: cancellationToken);
                        string? last = null;
                        var outcome = await launcher.WaitAsync(run.RunId, progress =>
                        {
                            var line = $"{run.RunId}: {RunView.Describe(progress)}";
                            if (Interlocked.Exchange(ref last, line) != line)
                            {
                                Console.WriteLine(line);
                            }
                        }, cancellationToken);
                        Console.WriteLine($"{run.RunId}: {outcome.Status}: {outcome.Reason}");
                        return outcome;
                    })));
                }
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"interrupted; every run keeps its committed iterations: dgm resume <run> ({string.Join(", ", plan.Select(p => p.RunId))})");
                return ExitCodes.Interrupted;
            }

            Console.WriteLine($"compare again with: dgm compare {string.Join(' ', plan.Select(p => p.RunId))} --by policy");
            await CompareCommand.PrintAsync(parse, dgm.Runs, [.. plan.Select(p => p.RunId)], parse.GetValue(html), ArmGrouping.Policy, cancellationToken);
            return outcomes.All(o => o.Status == RunStatus.Completed) ? ExitCodes.Success
                : outcomes.Any(o => o.Status is RunStatus.Failed or RunStatus.Terminated) ? ExitCodes.Failed
                : ExitCodes.Stopped;
        });
        return command;
    }

    /// <summary>"a,b" and "a b" alike.</summary>
    private static string[] List(System.CommandLine.Parsing.ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
