using DgmAgent.Model;
using DgmAgent.Tools;

namespace DgmAgent.Run;

// Composition root of one run: wires transcript, model client, tools and loop together. The self-test
// goes through this same method, so whatever a real run uses is what the self-test exercises.
internal static class AgentRun
{
    public static async Task<RunOutcome> ExecuteAsync(AgentOptions options, ModelSettings settings, RetryPolicy retry, TextWriter progress)
    {
        using var transcript = Transcript.Open(options.TranscriptFile);
        transcript.Header(options, settings);

        RunOutcome outcome;
        try
        {
            using var endpoint = ModelEndpoint.Create(settings.Url);
            var client = new ModelClient(endpoint, settings, retry, transcript);
            var tools = ToolRegistry.CreateDefault(options.Workspace);
            var loop = new AgentLoop(client, tools, transcript, progress, options.MaxTurns, options.MaxTokens);
            var problem = await File.ReadAllTextAsync(options.ProblemFile);
            outcome = await loop.RunAsync(Prompts.System, Prompts.User(problem, options.Workspace, options.TestHint));
        }
        catch (Exception ex)
        {
            // Anything that reaches here is a defect of the agent itself; the transcript is where the
            // diagnosis step will look for it, so record it there rather than only on stderr.
            outcome = new RunOutcome(ExitCodes.InternalError, $"internal error: {ex}", TokenUsage.Zero);
        }

        transcript.End(outcome);
        return outcome;
    }
}
