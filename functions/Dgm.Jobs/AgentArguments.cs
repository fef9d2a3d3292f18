using System.Globalization;

namespace Dgm.Jobs;

/// <summary>
/// The agent's command line, fixed by the harness (see agent/SUMMARY.md): the workspace, the problem, the test hint,
/// the transcript, and the optional turn and output-token caps. The self-test is the agent's other mode.
/// </summary>
public static class AgentArguments
{
    public const string SelfTest = "--self-test";

    public static IReadOnlyList<string> For(string workspace, string problem, string transcript, AgentCall call)
    {
        List<string> arguments = ["--workspace", workspace, "--problem", problem, "--test-hint", call.TestHint, "--transcript", transcript];
        if (call.MaxTurns is { } turns)
        {
            arguments.AddRange(["--max-turns", turns.ToString(CultureInfo.InvariantCulture)]);
        }

        if (call.MaxOutputTokens is { } tokens)
        {
            arguments.AddRange(["--max-tokens", tokens.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }
}
