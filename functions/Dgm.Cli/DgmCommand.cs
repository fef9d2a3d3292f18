using System.CommandLine;
using Dgm.Cli.Commands;

namespace Dgm.Cli;

/// <summary>The `dgm` command tree.</summary>
public static class DgmCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            """
            DgmFunctions: a Darwin Gödel Machine. An archive of coding agents grows by letting agents diagnose their own
            benchmark failures, modify their own source code in a sandbox, and be evaluated on coding tasks.

            Start with `dgm run`: with no configuration it runs the demo (3 iterations on the built-in starter suite with the
            replay model: scripted, no AI) and writes everything under ./dgm-data.
            """);
        root.Options.Add(CommonOptions.Data);
        root.Subcommands.Add(RunCommands.Run());
        root.Subcommands.Add(RunCommands.Resume());
        root.Subcommands.Add(InspectCommands.Status());
        root.Subcommands.Add(InspectCommands.Report());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(CostCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }
}
