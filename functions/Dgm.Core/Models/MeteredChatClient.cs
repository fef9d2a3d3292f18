using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Budget;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Models;

/// <summary>
/// The one road to a model, for sandboxed agents (through the gateway) and outer-loop diagnosis alike: it refuses
/// a call once the scope's token budget is used up, caps the output at the model's own limit, meters
/// tokens and dollars per job, and writes every request/response pair as a transcript artifact.
/// </summary>
public sealed class MeteredChatClient(IChatClient inner, IArtifactStore store, ModelSpec model) : DelegatingChatClient(inner)
{
    public static string UsageKey(ModelCallScope scope) => ArtifactKeys.Usage(scope.RunId, scope.JobId);

    public static string TranscriptKey(ModelCallScope scope, int call) =>
        ArtifactKeys.Log(scope.RunId, scope.NodeId, "model", scope.JobId, $"{call:D3}.json");

    public static async Task<ModelUsage> ReadUsageAsync(IArtifactStore store, ModelCallScope scope, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(UsageKey(scope), cancellationToken);
        return stored is null ? new ModelUsage() : DgmJson.Deserialize<ModelUsage>(stored.Content, stored.Key);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = ModelCallScope.From(options)
            ?? throw new InvalidOperationException("A model call needs a ModelCallScope in its options; unscoped calls cannot be metered.");
        var usage = await ReadUsageAsync(store, scope, cancellationToken);
        var remaining = scope.TokenBudget - usage.TotalTokens;
        if (remaining <= 0)
        {
            throw new TokenBudgetExceededException(scope, usage.TotalTokens);
        }

        var forwarded = options!.Clone();
        // Never the remaining budget: backends reject a max_tokens above the model's own limit. The budget is
        // enforced before each call instead, so one call can overrun it by at most one reply.
        forwarded.MaxOutputTokens = (forwarded.MaxOutputTokens, model.MaxOutputTokens) switch
        {
            ({ } asked, { } limit) => Math.Min(asked, limit),
            var (asked, limit) => asked ?? limit,
        };
        var conversation = messages as IList<ChatMessage> ?? messages.ToList();

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(conversation, forwarded, cancellationToken);
        }
        catch (ContextLengthExceededException)
        {
            await RecordAsync(scope, new ModelUsage { ContextLengthErrors = 1 }, cancellationToken);
            throw;
        }

        var input = response.Usage?.InputTokenCount ?? Estimate(conversation);
        var output = response.Usage?.OutputTokenCount ?? Estimate(response.Messages);
        var call = await RecordAsync(scope, new ModelUsage
        {
            Calls = 1,
            InputTokens = input,
            OutputTokens = output,
            Dollars = CostModel.ModelCost(model, input, output),
        }, cancellationToken);
        await WriteTranscriptAsync(scope, call, conversation, forwarded, response, cancellationToken);
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The DGM meters whole responses; streaming is not offered.");

    /// <summary>Adds to the job's usage (a read-modify-write that survives concurrent calls) and returns the call number.</summary>
    private async Task<int> RecordAsync(ModelCallScope scope, ModelUsage delta, CancellationToken cancellationToken)
    {
        var usage = await store.UpdateAsync<ModelUsage>(UsageKey(scope), current => new ModelUsage
        {
            Calls = (current?.Calls ?? 0) + delta.Calls,
            InputTokens = (current?.InputTokens ?? 0) + delta.InputTokens,
            OutputTokens = (current?.OutputTokens ?? 0) + delta.OutputTokens,
            Dollars = (current?.Dollars ?? 0) + delta.Dollars,
            ContextLengthErrors = (current?.ContextLengthErrors ?? 0) + delta.ContextLengthErrors,
        }, cancellationToken);
        return usage.Calls;
    }

    private async Task WriteTranscriptAsync(ModelCallScope scope, int call, IList<ChatMessage> messages, ChatOptions options, ChatResponse response, CancellationToken cancellationToken)
    {
        var record = new JsonObject
        {
            ["scope"] = JsonSerializer.SerializeToNode(scope, DgmJson.Options),
            ["model"] = model.Name,
            ["provider"] = JsonSerializer.SerializeToNode(model.Provider, DgmJson.Options),
            ["request"] = OpenAIWire.RequestJson(messages, options, model.Name),
            ["response"] = OpenAIWire.ResponseJson(response, model.Name),
        };
        await store.PutAsync(TranscriptKey(scope, call), JsonSerializer.SerializeToUtf8Bytes(record, DgmJson.Options), cancellationToken);
    }

    /// <summary>When a backend reports no usage, four characters a token keeps the meter honest rather than free.</summary>
    private static long Estimate(IEnumerable<ChatMessage> messages) =>
        messages.Sum(m => (long)(m.Text?.Length ?? 0) + m.Contents.OfType<FunctionCallContent>().Sum(c => JsonSerializer.Serialize(c.Arguments).Length)) / 4 + 1;
}
