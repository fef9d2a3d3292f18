using System.CommandLine;
using Dgm.Cli.Output;
using Dgm.Core.Configuration;
using Dgm.Local.Doctor;
using Dgm.Models;

namespace Dgm.Cli.Commands;

/// <summary>`dgm doctor`: what this machine can do for a run, each check ok, warn or fail with its fix; non-zero on a fail.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check this machine for a run: isolation, Docker, toolchains, the data folder, the model endpoints and the cost of one iteration.")
        {
            RunCommands.Config, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = RunCommands.LoadConfig(parse);
            var checks = await For(parse, config).AllAsync(config, ChatClientProvider.FromEnvironment, cancellationToken);
            DoctorView.Print(checks);
            return checks.Any(c => c.Status == CheckStatus.Fail) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The checks of the sandbox the command's data folder, --sandbox and configuration give.</summary>
    public static DoctorChecks For(ParseResult parse, RunConfig config) =>
        DoctorChecks.ForLocal(parse.GetValue(CommonOptions.Data)!.FullName, CommonOptions.SandboxOf(parse, config));
}
