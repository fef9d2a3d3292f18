using System.Diagnostics;
using DgmAgent.Model;
using DgmAgent.Tools;

namespace DgmAgent.Run;

// The whole agent strategy: one conversation, one loop. Ask the model, run every tool call it makes,
// send the results back, and stop when it answers without tool calls or the turn limit (if any) is reached.
// A reply cut off by the output limit is not an answer: the model is asked to go on. A conversation that
// outgrew the context window loses its oldest tool output and is sent again.
// Deliberately simple (the seed of the evolution); improvements are expected to start here.
internal sealed class AgentLoop(ModelClient model, ToolRegistry tools, Transcript transcript, TextWriter progress, int? maxTurns, int maxTokens)
{
    public async Task<RunOutcome> RunAsync(string systemPrompt, string userMessage)
    {
        var messages = new List<ChatMessage> { ChatMessage.System(systemPrompt), ChatMessage.User(userMessage) };
        transcript.Message("System", systemPrompt);
        transcript.Message("User", userMessage);

        var usage = TokenUsage.Zero;
        for (var turn = 1; maxTurns is null || turn <= maxTurns; turn++)
        {
            ModelReply reply;
            try
            {
                reply = await CompleteFittingAsync(messages);
            }
            catch (ModelCallException ex)
            {
                return new RunOutcome(ExitCodes.ModelFailure, $"model call failed: {ex.Message}", usage);
            }

            usage += reply.Usage ?? TokenUsage.Zero;
            transcript.Reply(turn, reply);
            messages.Add(reply.Message);
            progress.WriteLine($"turn {turn}: {reply.Message.ToolCalls.Count} tool call(s)");

            if (reply.Message.ToolCalls.Count == 0 && reply.FinishReason == "length")
            {
                messages.Add(ChatMessage.User(Prompts.ContinueAfterLength));
                transcript.Message("User", Prompts.ContinueAfterLength);
                continue;
            }

            if (reply.Message.ToolCalls.Count == 0)
            {
                return new RunOutcome(ExitCodes.Success, "the model answered without tool calls", usage);
            }

            foreach (var call in reply.Message.ToolCalls)
            {
                var clock = Stopwatch.StartNew();
                var result = await tools.RunAsync(call);
                transcript.ToolResult(call, result, clock.Elapsed);
                messages.Add(ChatMessage.Tool(call.Id, result));
            }
        }

        return new RunOutcome(ExitCodes.Success, $"max turns ({maxTurns}) reached", usage);
    }

    private async Task<ModelReply> CompleteFittingAsync(List<ChatMessage> messages)
    {
        while (true)
        {
            try
            {
                return await model.CompleteAsync(messages, tools.Tools, maxTokens);
            }
            catch (ContextLengthException ex)
            {
                var dropped = ToolOutputDropper.DropOldestHalf(messages);
                if (dropped == 0)
                {
                    throw new ModelCallException($"{ex.Message} (no tool output left to drop)");
                }

                transcript.Note($"context window exceeded: dropped the output of the {dropped} oldest tool call(s) and asking again");
                progress.WriteLine($"context window exceeded: dropped {dropped} tool output(s)");
            }
        }
    }
}
