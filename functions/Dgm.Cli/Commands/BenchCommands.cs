using System.CommandLine;
using System.Globalization;
using Dgm.Cli.Output;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Harness;
using Dgm.Benchmarks;
using Dgm.Local.Hosting;
using Spectre.Console;

namespace Dgm.Cli.Commands;

/// <summary>`dgm bench import` and `dgm bench verify`.</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var command = new Command("bench", "Import benchmark suites and prove them sound.");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Verify());
        return command;
    }

    private static Command Import()
    {
        var path = new Argument<string>("path") { Description = "A suite folder (our format), a Polyglot checkout, or a SWE-bench JSONL file." };
        var format = new Option<string>("--format") { Description = "folder, polyglot or swebench.", DefaultValueFactory = _ => "folder" };
        format.AcceptOnlyFromAmong("folder", "polyglot", "swebench");
        var name = new Option<string?>("--name") { Description = "The suite's name in the store (default: from the source)." };
        var command = new Command("import", "Import a suite into the artifact store; bad tasks are listed and skipped, never fatal.") { path, format, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(path)!;
            if (!File.Exists(source) && !Directory.Exists(source))
            {
                Console.Error.WriteLine($"{source} does not exist.");
                return ExitCodes.Usage;
            }

            var suite = parse.GetValue(format) switch
            {
                "polyglot" => PolyglotImporter.Read(source, parse.GetValue(name) ?? "polyglot"),
                "swebench" => SweBenchImporter.Read(source, parse.GetValue(name) ?? "swebench"),
                _ => FolderSuiteReader.Read(source, parse.GetValue(name)),
            };
            await StoreAsync(LocalDgm.OpenStore(parse.GetValue(CommonOptions.Data)!.FullName), suite, cancellationToken);
            Console.WriteLine($"imported {suite.Tasks.Count} task(s) as suite '{suite.Name}' ({suite.Problems.Count} skipped)");
            return suite.Tasks.Count > 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static Command Verify()
    {
        var suite = new Argument<string>("suite") { Description = "A suite name (built in, like starter, or imported), or a suite folder to import first." };
        var parallel = new Option<int>("--parallel") { Description = "Tasks verified at once.", DefaultValueFactory = _ => 2 };
        var only = new Option<string[]>("--task") { Description = "Verify only this task (repeatable); every task of the suite when absent." };
        var command = new Command("verify", "Grade every task with its gold patch (must resolve) and untouched (must not); exits non-zero on any failure.")
        {
            suite, parallel, only, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var data = parse.GetValue(CommonOptions.Data)!.FullName;
            var store = LocalDgm.OpenStore(data);
            var name = parse.GetValue(suite)!;
            if (Directory.Exists(name))
            {
                var imported = FolderSuiteReader.Read(name);
                await StoreAsync(store, imported, cancellationToken);
                if (imported.Problems.Count > 0)
                {
                    Console.Error.WriteLine($"{imported.Problems.Count} task(s) of {name} cannot be imported; fix them and verify again.");
                    return ExitCodes.Failed;
                }

                name = imported.Name;
            }
            else
            {
                await BuiltIns.NextToBinaries().EnsureSuiteAsync(store, name, cancellationToken);
            }

            var config = RunCommands.LoadConfig(parse);
            var (sandbox, toolchains) = LocalDgm.OpenSandbox(store, data, CommonOptions.SandboxOf(parse, config));
            var verifier = new SuiteVerifier(store, sandbox, toolchains, config);
            var selected = (await BenchmarkSuite.LoadAsync(store, name, cancellationToken)).Only(parse.GetValue(only) ?? []);
            var progress = new CommandProgress($"verifying {name}", RunnableTasks.Count(selected, toolchains), "tasks", TimeProvider.System);
            var result = await ProgressView.ShowAsync(progress, () => verifier.VerifyAsync(selected, parse.GetValue(parallel), task =>
                progress.Advance(string.Join('\n', [
                    $"{(task.Sound ? "ok  " : task.PassesUntouched ? "free" : "FAIL")} {task.TaskId,-28} gold {Status(task.Gold),-12} untouched {Status(task.Untouched),-12} {task.Seconds,6:0.0}s {task.Detail}",
                    .. TestListsView.Lines("gold", task.GoldTestsStatus), .. TestListsView.Lines("untouched", task.UntouchedTestsStatus)])),
                cancellationToken));

            var table = new Table().AddColumns("language", "tasks", "sound", "pass untouched", "failed");
            foreach (var language in result.Tasks.GroupBy(t => t.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                table.AddRow(
                    language.Key,
                    language.Count().ToString(CultureInfo.InvariantCulture),
                    language.Count(t => t.Sound).ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", language.Where(t => t.PassesUntouched).Select(t => t.TaskId)),
                    string.Join(", ", language.Where(t => !t.Usable).Select(t => t.TaskId)));
            }

            AnsiConsole.Write(table);
            foreach (var skipped in result.Skipped)
            {
                Console.WriteLine($"skipped: {skipped}");
            }

            if (result.Tasks.Count(t => t.PassesUntouched) is > 0 and var free)
            {
                Console.WriteLine($"{free} task(s) pass untouched (refactoring exercises): runs use them, as the reference does, and every agent that keeps them working scores them");
            }

            Console.WriteLine(result.Usable ? $"{result.Tasks.Count} task(s) verified" : $"{result.Tasks.Count(t => !t.Usable)} of {result.Tasks.Count} task(s) failed verification");
            return result.Usable ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Lists the tasks the suite's source could not give (they are skipped) and stores the rest, showing progress.</summary>
    private static async Task StoreAsync(IArtifactStore store, ImportedSuite suite, CancellationToken cancellationToken)
    {
        foreach (var problem in suite.Problems)
        {
            Console.Error.WriteLine($"skipped: {problem}");
        }

        var progress = new CommandProgress($"importing {suite.Name}", suite.Tasks.Count, "tasks", TimeProvider.System);
        await ProgressView.ShowAsync(progress, () => SuiteStore.WriteAsync(store, suite, () => progress.Advance(), cancellationToken));
    }

    private static string Status(AttemptStatus status) => status.ToString().ToLowerInvariant();
}
