using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Dgm.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Local.Dashboard;

namespace Dgm.Cli.Commands;

/// <summary>`dgm serve`: the dashboard over the data folder, live, with start, approve and terminate.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var address = new Option<string>("--address") { Description = "Address to listen on. Loopback by default: whoever reaches the server can start runs.", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command("serve", "Serve the dashboard: every run of the data folder (tree, charts, node panels, comparisons), live while runs progress, with start, approve and terminate buttons. A started run's configuration is laid over --config (default: the demo).")
        {
            port, address, RunCommands.Config, CommonOptions.Sandbox, CommonOptions.Unshare,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var listen = IPAddress.Parse(parse.GetValue(address)!);
            var defaults = JsonNode.Parse(RunConfigLoader.ToJson(RunCommands.LoadConfig(parse)))!.AsObject();
            DashboardServer server;
            try
            {
                server = await DashboardServer.StartAsync(new DashboardServerOptions
                {
                    Engine = RunCommands.Options(parse),
                    StartDefaults = defaults,
                    Address = listen,
                    Port = parse.GetValue(port),
                }, cancellationToken);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"cannot listen on {listen}:{parse.GetValue(port)} ({ex.Message}); choose another --port");
                return ExitCodes.Usage;
            }

            await using var served = server;
            Console.WriteLine($"dashboard: {server.Url}api/dashboard  data: {parse.GetValue(CommonOptions.Data)!.FullName}  (Ctrl+C stops; runs started here stop with it and resume with dgm resume)");
            if (!IPAddress.IsLoopback(listen))
            {
                Console.Error.WriteLine($"warning: listening on {listen}: anyone who reaches this address can start and terminate runs.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
