using System.CommandLine;
using System.Globalization;
using Dgm.Core.Budget;
using Spectre.Console;

namespace Dgm.Cli.Commands;

/// <summary>`dgm cost`: the expected price of one iteration of a configuration, from its prices and an average workload.</summary>
internal static class CostCommand
{
    public static Command Create()
    {
        var command = new Command("cost", "Estimate what one iteration costs with a configuration's prices (tokens per model, sandbox vCPU- and GB-seconds).")
        {
            RunCommands.Config,
        };
        command.SetAction(parse =>
        {
            var config = RunCommands.LoadConfig(parse);
            var lines = IterationCostEstimate.For(config, new WorkloadProfile());
            var table = new Table().AddColumns("item", "quantity", "dollars");
            foreach (var line in lines)
            {
                table.AddRow(line.Item, $"{line.Quantity.ToString("N0", CultureInfo.InvariantCulture)} {line.Unit}", line.Dollars.ToString("0.00", CultureInfo.InvariantCulture));
            }

            table.AddRow("[bold]one iteration[/]", $"{config.ChildrenPerIteration} children", $"[bold]{lines.Sum(l => l.Dollars).ToString("0.00", CultureInfo.InvariantCulture)}[/]");
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
