using DgmAgent.Run;

namespace DgmAgent.SelfTest;

// The command line and environment are the harness contract: a bad value must be named, not guessed at.
internal static class CliChecks
{
    public static void Run(CheckList checks)
    {
        var missingValue = UsageError(() => AgentOptions.Parse(["--workspace"]));
        var unknown = UsageError(() => AgentOptions.Parse(["--bogus", "1"]));
        var badTurns = UsageError(() => AgentOptions.Parse(["--max-turns", "zero"]));
        var noUrl = UsageError(() => ModelSettings.FromEnvironment(_ => null));
        checks.Check(
            "cli.bad-arguments",
            missingValue.Contains("--workspace") && unknown.Contains("--bogus") && badTurns.Contains("--max-turns")
                && noUrl.Contains(ModelSettings.UrlVariable),
            $"usage errors were '{missingValue}', '{unknown}', '{badTurns}', '{noUrl}'");
    }

    private static string UsageError(Action parse)
    {
        try
        {
            parse();
            return "(accepted)";
        }
        catch (UsageException ex)
        {
            return ex.Message;
        }
    }
}
