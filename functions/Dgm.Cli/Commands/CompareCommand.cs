using System.CommandLine;
using Dgm.Cli.Output;
using Dgm.Reports;

namespace Dgm.Cli.Commands;

/// <summary>`dgm compare RUN RUN…`: several runs side by side, with each arm's difference from the first and its interval.</summary>
internal static class CompareCommand
{
    private static readonly Option<ArmGrouping> By = new("--by") { Description = "One arm per run, or per selection policy (pooling its seeds).", DefaultValueFactory = _ => ArmGrouping.Run };

    public static readonly Option<int> Resamples = new("--resamples") { Description = "Paired bootstrap resamples over tasks.", DefaultValueFactory = _ => new BootstrapSettings().Resamples };

    public static readonly Option<long> BootstrapSeed = new("--bootstrap-seed") { Description = "Seed of the bootstrap's draws.", DefaultValueFactory = _ => 0 };

    public static Command Create()
    {
        var runIds = new Argument<string[]>("runs") { Description = "The runs; the first (or its policy) is the reference.", Arity = ArgumentArity.OneOrMore };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the comparison as one self-contained HTML file with its charts." };
        var command = new Command("compare", "Put runs side by side: best accuracy per iteration, final best, spend, and each arm minus the first over tasks with a paired bootstrap interval.")
        {
            runIds, By, Resamples, BootstrapSeed, html,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runs = InspectCommands.Open(parse);
            foreach (var id in parse.GetValue(runIds)!)
            {
                if (await runs.FindRunAsync(id, cancellationToken) is null)
                {
                    Console.Error.WriteLine($"Run '{id}' does not exist in {parse.GetValue(CommonOptions.Data)!.FullName}.");
                    return ExitCodes.NotFound;
                }
            }

            await PrintAsync(parse, runs, parse.GetValue(runIds)!, parse.GetValue(html), parse.GetValue(By), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Compares, prints, and writes the page when asked; `dgm experiment` ends with this.</summary>
    public static async Task PrintAsync(ParseResult parse, Core.Runs.RunStore runs, IReadOnlyList<string> runIds, FileInfo? html, ArmGrouping grouping, CancellationToken cancellationToken)
    {
        var bootstrap = new BootstrapSettings(parse.GetValue(Resamples), parse.GetValue(BootstrapSeed));
        var comparison = await new RunComparer(runs).CompareAsync(runIds, grouping, bootstrap, TimeProvider.System.GetUtcNow(), cancellationToken);
        CompareView.Print(comparison);
        if (html is not null)
        {
            await HtmlReport.WritePageAsync(html, ReportPages.Comparison(comparison), $"{comparison.Arms.Count} arm(s)", cancellationToken);
        }
    }
}
