using System.CommandLine;
using Dgm.Core.Configuration;
using Dgm.Core.Runs;
using Dgm.Benchmarks;
using Dgm.Local.Doctor;
using Dgm.Local.Hosting;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Dgm.Cli.Output;

namespace Dgm.Cli.Commands;

/// <summary>`dgm run` and `dgm resume`.</summary>
internal static class RunCommands
{
    internal static readonly Option<FileInfo?> Config = new("--config", "-c") { Description = "Run configuration (JSON). Without it, the demo configuration." };
    private static readonly Option<string?> RunId = new("--run-id") { Description = "Name the run (default: run-<time>-<random>)." };
    private static readonly Option<int?> Iterations = new("--iterations") { Description = "Override: iterations after the seed's evaluation." };
    private static readonly Option<int?> Children = new("--children") { Description = "Override: children per iteration." };
    private static readonly Option<string?> Policy = new("--policy") { Description = "Override: parent selection (score_child_prop, score_prop, random, best, hgm, no_darwin, no_selfimprove)." };
    private static readonly Option<long?> Seed = new("--seed") { Description = "Override: the seed of every random decision." };
    private static readonly Option<string?> Suite = new("--suite") { Description = "Override: the benchmark suite (starter, or one imported with `dgm bench import`)." };
    private static readonly Option<string[]> Set = new("--set") { Description = "Override any field: --set stages[1].tasks=20 --set budget.dollars=3", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<bool> PrintConfig = new("--print-config") { Description = "Print the effective configuration and exit." };

    public static Command Run()
    {
        var command = new Command("run", "Start a DGM run and follow it to the end. Ctrl+C leaves it resumable.")
        {
            Config, RunId, Iterations, Children, Policy, Seed, Suite, Set, PrintConfig, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = LoadConfig(parse);
            if (parse.GetValue(PrintConfig))
            {
                Console.WriteLine(RunConfigLoader.ToJson(config));
                return ExitCodes.Success;
            }

            // The same fast checks as `dgm doctor`: a run this machine cannot carry safely never starts.
            var failures = DoctorCommand.For(parse, config).Fast(config).Where(c => c.Status == CheckStatus.Fail).ToList();
            if (failures.Count > 0)
            {
                DoctorView.Print(failures);
                Console.Error.WriteLine("dgm run refuses to start: fix the failures above (dgm doctor lists every check).");
                return ExitCodes.Failed;
            }

            await using var dgm = await LocalDgm.StartAsync(Options(parse, config), cancellationToken);
            var launcher = new RunLauncher(dgm);
            var runId = parse.GetValue(RunId) ?? RunLifecycle.NewRunId(TimeProvider.System);
            try
            {
                await launcher.StartAsync(config, runId, cancellationToken: cancellationToken);
            }
            catch (SuiteNotSoundException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.Usage;
            }

            RunView.Started(runId, config, parse.GetValue(CommonOptions.Data)!.FullName);
            return await FollowAsync(dgm, launcher, runId, cancellationToken);
        });
        return command;
    }

    public static Command Resume()
    {
        var run = new Argument<string>("run") { Description = "The run to continue." };
        var command = new Command("resume", "Continue a run whose process died, from its last committed iteration.") { run, CommonOptions.Sandbox, CommonOptions.Unshare };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runId = parse.GetValue(run)!;
            // The run's own sandbox kind unless --sandbox says otherwise: its jobs, and any it left behind, live there.
            var stored = await new RunStore(LocalDgm.OpenStore(parse.GetValue(CommonOptions.Data)!.FullName)).FindRunAsync(runId, cancellationToken);
            var options = Options(parse, stored?.Config);
            await using var dgm = await LocalDgm.StartAsync(options, cancellationToken);
            var launcher = new RunLauncher(dgm);
            ResumeReport report;
            try
            {
                report = await launcher.ResumeAsync(runId, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.Usage;
            }

            Console.WriteLine($"resuming {runId} at iteration {report.FromIteration} in the {options.Sandbox.ToString().ToLowerInvariant()} sandbox: deleted {report.OrphanedJobsDeleted} orphaned sandbox job(s), settled {report.ReservationsSettled} open reservation(s), {report.SettledAtMeteredUsage} at metered model usage (sandbox seconds at their reservation); spent ${report.Spent.Dollars:0.####} and {report.Spent.Tokens:N0} tokens so far");
            return await FollowAsync(dgm, launcher, runId, cancellationToken);
        });
        return command;
    }

    internal static LocalDgmOptions Options(ParseResult parse, RunConfig? config = null) => new()
    {
        DataDirectory = parse.GetValue(CommonOptions.Data)!.FullName,
        Sandbox = CommonOptions.SandboxOf(parse, config),
    };

    internal static async Task<int> FollowAsync(LocalDgm dgm, RunLauncher launcher, string runId, CancellationToken cancellationToken)
    {
        RunOutcome outcome;
        try
        {
            outcome = await RunView.FollowAsync(progress => launcher.WaitAsync(runId, progress, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"interrupted; the run keeps its committed iterations: dgm resume {runId}");
            return ExitCodes.Interrupted;
        }

        await ReportView.PrintAsync(dgm.Runs, runId, cancellationToken);
        Console.WriteLine($"{outcome.Status}: {outcome.Reason}");
        return outcome.Status switch
        {
            RunStatus.Completed => ExitCodes.Success,
            RunStatus.Stopped => ExitCodes.Stopped,
            _ => ExitCodes.Failed,
        };
    }

    internal static RunConfig LoadConfig(ParseResult parse, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var file = parse.GetValue(Config);
        string json;
        string source;
        if (file is null)
        {
            using var stream = typeof(RunCommands).Assembly.GetManifestResourceStream("Dgm.Cli.demo-config.json")!;
            json = new StreamReader(stream).ReadToEnd();
            source = "the demo configuration";
        }
        else
        {
            json = file.Exists ? File.ReadAllText(file.FullName) : throw new FileNotFoundException($"Configuration file {file.FullName} does not exist.");
            source = file.FullName;
        }

        var overrides = new List<KeyValuePair<string, string>>();
        void Add<T>(Option<T> option, string path)
        {
            if (parse.GetValue(option) is { } value)
            {
                overrides.Add(new(path, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!));
            }
        }

        Add(Iterations, "iterations");
        Add(Children, "childrenPerIteration");
        Add(Policy, "selection.policy");
        Add(Seed, "seed");
        Add(Suite, "benchmark.suite");

        // A malformed --set is listed with the document's problems, not in a round of its own.
        var problems = new List<ConfigProblem>();
        foreach (var assignment in parse.GetValue(Set) ?? [])
        {
            var split = assignment.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                problems.Add(new ConfigProblem(assignment, $"--set '{assignment}' must look like path=value"));
                continue;
            }

            overrides.Add(new(assignment[..split], assignment[(split + 1)..]));
        }

        overrides.AddRange(extra ?? []);
        try
        {
            var config = RunConfigLoader.Load(json, source, overrides);
            if (problems.Count == 0)
            {
                return config;
            }
        }
        catch (RunConfigException ex)
        {
            problems.AddRange(ex.Problems);
        }

        throw new RunConfigException(source, problems);
    }
}
