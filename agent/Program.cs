using DgmAgent.Model;
using DgmAgent.Run;
using DgmAgent.SelfTest;

namespace DgmAgent;

// Entry point: picks the mode (self-test, help, or a run) and turns each outcome into the exit code
// the harness reads. Everything else lives in the classes it calls.
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--self-test"])
        {
            return await SelfTestRunner.RunAsync(Console.Out);
        }

        if (args is ["--help"] or ["-h"])
        {
            Console.Out.WriteLine(AgentOptions.Usage);
            return ExitCodes.Success;
        }

        AgentOptions options;
        ModelSettings settings;
        try
        {
            options = AgentOptions.Parse(args);
            settings = ModelSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            Console.Error.WriteLine(AgentOptions.Usage);
            return ExitCodes.BadArguments;
        }

        try
        {
            var outcome = await AgentRun.ExecuteAsync(options, settings, RetryPolicy.Default, Console.Out);
            Console.Out.WriteLine($"run ended: {outcome.Reason}");
            return outcome.ExitCode;
        }
        catch (Exception ex)
        {
            // Only reached when the transcript itself cannot be written; every later failure is recorded in it.
            Console.Error.WriteLine($"internal error: {ex}");
            return ExitCodes.InternalError;
        }
    }
}
