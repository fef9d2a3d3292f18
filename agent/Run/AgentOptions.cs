using System.Globalization;

namespace DgmAgent.Run;

// The command line of one run. Parsing validates everything up front so a bad invocation fails
// with exit code 64 before any model call is made or any transcript is written.
internal sealed record AgentOptions(
    string Workspace,
    string ProblemFile,
    string TestHint,
    string TranscriptFile,
    int? MaxTurns,
    int MaxTokens)
{
    public const int DefaultMaxTokens = 4096;

    public const string Usage =
        """
        usage: dotnet DgmAgent.dll --workspace DIR --problem FILE --test-hint TEXT --transcript FILE
                                   [--max-turns N] [--max-tokens N]
               dotnet DgmAgent.dll --self-test

          --workspace DIR    repository to change (bash commands run here)
          --problem FILE     file holding the problem statement
          --test-hint TEXT   how the solution will be tested
          --transcript FILE  markdown transcript to write
          --max-turns N      model calls allowed (default: no cap; the harness's wall time and tokens bound the run)
          --max-tokens N     output tokens per model call (default 4096)

        environment: DGM_MODEL_URL (http://host:port or unix:/path.sock), DGM_MODEL_TOKEN, DGM_MODEL_NAME
        """;

    private static readonly string[] Known =
        ["--workspace", "--problem", "--test-hint", "--transcript", "--max-turns", "--max-tokens"];

    public static AgentOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var name = args[i];
            if (!Known.Contains(name))
            {
                throw new UsageException($"unknown argument '{name}'");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"{name} needs a value");
            }

            if (!values.TryAdd(name, args[i + 1]))
            {
                throw new UsageException($"{name} is given more than once");
            }
        }

        // Malformed values first, then missing ones, then the file system: the cheapest mistakes are named first.
        var maxTurns = values.ContainsKey("--max-turns") ? PositiveInt(values, "--max-turns", 0) : (int?)null;
        var maxTokens = PositiveInt(values, "--max-tokens", DefaultMaxTokens);
        var workspace = Path.GetFullPath(Required(values, "--workspace"));
        var problem = Path.GetFullPath(Required(values, "--problem"));
        var testHint = Required(values, "--test-hint");
        var transcript = Path.GetFullPath(Required(values, "--transcript"));
        if (!Directory.Exists(workspace))
        {
            throw new UsageException($"--workspace: directory not found: {workspace}");
        }

        if (!File.Exists(problem))
        {
            throw new UsageException($"--problem: file not found: {problem}");
        }

        return new AgentOptions(workspace, problem, testHint, transcript, maxTurns, maxTokens);
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"{name} is required");

    private static int PositiveInt(Dictionary<string, string> values, string name, int fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} must be a positive whole number, got '{text}'");
    }
}
