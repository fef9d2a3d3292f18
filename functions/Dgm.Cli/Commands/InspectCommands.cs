using System.CommandLine;
using Dgm.Cli.Output;
using Dgm.Core.Runs;
using Dgm.Local.Hosting;

namespace Dgm.Cli.Commands;

/// <summary>`dgm status` and `dgm report`: read a run from the artifact store (also while another process runs it).</summary>
internal static class InspectCommands
{
    public static Command Status()
    {
        var run = new Argument<string>("run") { Description = "The run." };
        var command = new Command("status", "Where a run is: status, iteration, archive size, best node, spend.") { run };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runs = Open(parse);
            var record = await runs.FindRunAsync(parse.GetValue(run)!, cancellationToken);
            if (record is null)
            {
                Console.Error.WriteLine($"Run '{parse.GetValue(run)}' does not exist in {parse.GetValue(CommonOptions.Data)!.FullName}.");
                return ExitCodes.NotFound;
            }

            var spent = (await runs.LedgerAsync(record.RunId, cancellationToken)).Spent;
            Console.WriteLine($"{record.RunId}: {record.Status}{(record.StopReason is null ? "" : $" ({record.StopReason})")}");
            Console.WriteLine($"  iteration {record.LastCommittedIteration} of {record.Config.Iterations} committed, archive {await runs.ArchiveSizeAsync(record, cancellationToken)} node(s)");
            Console.WriteLine($"  best {record.BestNodeId ?? "-"} {record.BestAccuracy:0.###}");
            Console.WriteLine($"  spent ${spent.Dollars:0.####} (budget ${record.Config.Budget.Dollars}), {spent.Tokens:N0} tokens, {spent.SandboxSeconds:0.#} sandbox-seconds");
            return record.Status switch
            {
                RunStatus.Running or RunStatus.Completed => ExitCodes.Success,
                RunStatus.Stopped => ExitCodes.Stopped,
                _ => ExitCodes.Failed,
            };
        });
        return command;
    }

    public static Command Report()
    {
        var run = new Argument<string>("run") { Description = "The run." };
        var command = new Command("report", "The archive tree with scores, the best lineage, per-iteration best and mean, spend by kind.")
        {
            run, HtmlReport.File, HtmlReport.InlineArtifacts,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runs = Open(parse);
            if (await runs.FindRunAsync(parse.GetValue(run)!, cancellationToken) is null)
            {
                Console.Error.WriteLine($"Run '{parse.GetValue(run)}' does not exist in {parse.GetValue(CommonOptions.Data)!.FullName}.");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(HtmlReport.File) is { } html)
            {
                await HtmlReport.WriteAsync(LocalDgm.OpenStore(parse.GetValue(CommonOptions.Data)!.FullName), parse.GetValue(run)!, html, parse.GetValue(HtmlReport.InlineArtifacts), cancellationToken);
                return ExitCodes.Success;
            }

            await ReportView.PrintAsync(runs, parse.GetValue(run)!, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    internal static RunStore Open(ParseResult parse) => new(LocalDgm.OpenStore(parse.GetValue(CommonOptions.Data)!.FullName));
}
