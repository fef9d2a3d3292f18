using System.CommandLine;
using System.Globalization;
using Dgm.Cli.Output;
using Dgm.Core.Archive;
using Dgm.Core.Evaluation;
using Dgm.Benchmarks;
using Dgm.Local.Hosting;
using Dgm.Workflow.Runs;
using Spectre.Console;

namespace Dgm.Cli.Commands;

/// <summary>`dgm eval`: one agent on a whole suite with k attempts per task; pass@1 and pass@k per language.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var agent = new Option<string>("--agent") { Description = "An agent source folder (with DgmAgent.csproj), or a node id of --run.", Required = true };
        var suite = new Option<string>("--suite") { Description = "The suite to evaluate on.", DefaultValueFactory = _ => "starter" };
        var attempts = new Option<int>("--attempts", "-k") { Description = "Attempts per task (k of pass@k).", DefaultValueFactory = _ => 1 };
        var fromRun = new Option<string?>("--run") { Description = "The run whose node --agent names." };
        var tasks = new Option<int?>("--tasks") { Description = "Only the first N tasks of the suite's language-balanced order (default: every task)." };
        tasks.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var n)
            {
                result.AddError($"--tasks must be at least 1, got {n}");
            }
        });
        var command = new Command("eval", "Evaluate one agent on every task of a suite (no gates) and report pass@1 and pass@k per language.")
        {
            agent, suite, attempts, tasks, fromRun, RunCommands.Config, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var k = parse.GetValue(attempts);
            var config = RunCommands.LoadConfig(parse,
            [
                new("iterations", "0"),
                new("stages", $"[{{\"tasks\": {parse.GetValue(tasks) ?? EveryTask}}}]"),
                new("attempts", k.ToString(CultureInfo.InvariantCulture)),
                new("benchmark.suite", parse.GetValue(suite)!),
            ]);

            await using var dgm = await LocalDgm.StartAsync(RunCommands.Options(parse, config), cancellationToken);
            var launcher = new RunLauncher(dgm);
            var agentSpec = parse.GetValue(agent)!;
            string snapshot;
            if (Directory.Exists(agentSpec))
            {
                snapshot = await StoreSeeding.SnapshotAgentAsync(dgm.Store, agentSpec, cancellationToken);
            }
            else if (parse.GetValue(fromRun) is { } source && await dgm.Runs.FindNodeAsync(source, agentSpec, cancellationToken) is { SnapshotHash: { } hash })
            {
                snapshot = hash;
            }
            else
            {
                Console.Error.WriteLine($"--agent '{agentSpec}' is neither an agent folder nor a node of --run {parse.GetValue(fromRun) ?? "(none given)"}.");
                return ExitCodes.NotFound;
            }

            var runId = RunLifecycle.NewRunId(TimeProvider.System, "eval");
            try
            {
                await launcher.StartAsync(config, runId, snapshot, cancellationToken);
            }
            catch (SuiteNotSoundException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.Usage;
            }

            RunView.Started(runId, config, parse.GetValue(CommonOptions.Data)!.FullName);
            var runnable = await RunnableTasks.CountAsync(dgm.Store, config.Benchmark.Suite, Toolchains(parse), cancellationToken);
            var progress = new CommandProgress($"evaluating on {config.Benchmark.Suite}", Math.Min(runnable, config.Stages[0].Tasks) * k, "attempts", TimeProvider.System);
            var outcome = await ProgressView.ShowAsync(progress, () => launcher.WaitAsync(runId, null, cancellationToken),
                async () => progress.Report(await SolvedAttempts.CountAsync(dgm.Store, runId, ArchiveNode.SeedId, cancellationToken)));
            var node = await dgm.Runs.FindNodeAsync(runId, ArchiveNode.SeedId, cancellationToken);
            if (node is not { IsEvaluated: true })
            {
                Console.Error.WriteLine($"the agent could not be evaluated: {node?.Reason ?? outcome.Reason}");
                return ExitCodes.Failed;
            }

            PrintTestLists(node.Outcomes);
            PrintScores(node.Summary, k);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>More tasks than any suite has: the one stage takes them all.</summary>
    private const int EveryTask = 100_000;

    /// <summary>What the sandboxes of this host can run.</summary>
    private static PathToolchainProbe Toolchains(ParseResult parse) =>
        PathToolchainProbe.For(LocalDgm.SandboxOptions(RunCommands.Options(parse).DataDirectory, CommonOptions.SandboxOf(parse)), CommonOptions.SandboxOf(parse));

    /// <summary>Per attempt of a SWE-bench task: its grade and both lists' outcomes (other tasks have no lists).</summary>
    private static void PrintTestLists(IEnumerable<TaskOutcome> outcomes)
    {
        foreach (var task in outcomes.Where(t => t.Attempts.Any(a => a.Tests is not null)))
        {
            foreach (var (attempt, index) in task.Attempts.Select((a, i) => (a, i + 1)))
            {
                Console.WriteLine($"{task.TaskId,-28} attempt {index} {attempt.Status.ToString().ToLowerInvariant()}{(attempt.Error is null ? "" : $": {attempt.Error}")}");
                foreach (var line in TestListsView.Lines("tests", attempt.Tests))
                {
                    Console.WriteLine(line);
                }
            }
        }
    }

    private static void PrintScores(EvaluationSummary summary, int k)
    {
        var table = new Table().AddColumns("language", "tasks", "pass@1", $"pass@{k}");
        foreach (var (language, scores) in summary.PerLanguage)
        {
            table.AddRow(language, scores.Tasks.ToString(CultureInfo.InvariantCulture), $"{scores.PassAtK[1]:0.###}", $"{scores.PassAtK[k]:0.###}");
        }

        table.AddRow("[bold]all[/]", summary.Tasks.ToString(CultureInfo.InvariantCulture), $"{summary.PassAtK[1]:0.###}", $"{summary.PassAtK[k]:0.###}");
        AnsiConsole.Write(table);
    }
}
