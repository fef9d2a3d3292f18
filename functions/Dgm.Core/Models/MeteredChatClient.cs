using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Core.Artifacts;
using Dgm.Core.Configuration;
using Dgm.Core.Budget;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Models;

/// <summary>
/// The one road to a model, for sandboxed agents (through the gateway) and outer-loop diagnosis alike: it reserves
/// each call's worst case against the scope's token budget before forwarding it and refuses a call that cannot fit,
/// caps the output at the model's own limit, meters tokens and dollars per job, and writes every request/response
/// pair as a transcript artifact.
/// </summary>
public sealed class MeteredChatClient(IChatClient inner, IArtifactStore store, ModelSpec model) : DelegatingChatClient(inner)
{
    public static string UsageKey(ModelCallScope scope) => ArtifactKeys.Usage(scope.RunId, scope.JobId);

    public static string TranscriptKey(ModelCallScope scope, int call) =>
        ArtifactKeys.Log(scope.RunId, scope.NodeId, "model", scope.JobId, $"{call:D3}.json");

    public static async Task<ModelUsage> ReadUsageAsync(IArtifactStore store, ModelCallScope scope, CancellationToken cancellationToken = default) =>
        await ReadUsageAsync(store, scope.RunId, scope.JobId, cancellationToken);

    /// <summary>The job's metered usage; none recorded reads as zero (the job forwarded no call).</summary>
    public static async Task<ModelUsage> ReadUsageAsync(IArtifactStore store, string runId, string jobId, CancellationToken cancellationToken = default) =>
        await FindUsageAsync(store, runId, jobId, cancellationToken) ?? new ModelUsage();

    /// <summary>The job's metered usage, or null when it has none on record.</summary>
    public static async Task<ModelUsage?> FindUsageAsync(IArtifactStore store, string runId, string jobId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(ArtifactKeys.Usage(runId, jobId), cancellationToken);
        return stored is null ? null : DgmJson.Deserialize<ModelUsage>(stored.Content, stored.Key);
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = ModelCallScope.From(options)
            ?? throw new InvalidOperationException("A model call needs a ModelCallScope in its options; unscoped calls cannot be metered.");
        var conversation = messages as IList<ChatMessage> ?? messages.ToList();
        var forwarded = options!.Clone();
        // Backends reject a max_tokens above the model's own limit, so a caller's ask is capped by it.
        forwarded.MaxOutputTokens = (forwarded.MaxOutputTokens, model.MaxOutputTokens) switch
        {
            ({ } asked, { } limit) => Math.Min(asked, limit),
            var (asked, _) => asked,
        };
        var reservation = await ReserveAsync(scope, InputTokenBound(conversation, forwarded, model.Name), forwarded.MaxOutputTokens, cancellationToken);
        forwarded.MaxOutputTokens = reservation.Output;

        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(conversation, forwarded, cancellationToken);
        }
        catch (Exception ex)
        {
            await SettleAsync(scope, reservation.Tokens, new ModelUsage { ContextLengthErrors = ex is ContextLengthExceededException ? 1 : 0 });
            throw;
        }

        var input = response.Usage?.InputTokenCount ?? Estimate(conversation);
        var output = response.Usage?.OutputTokenCount ?? Estimate(response.Messages);
        var call = await SettleAsync(scope, reservation.Tokens, new ModelUsage
        {
            Calls = 1,
            InputTokens = input,
            OutputTokens = output,
            Dollars = CostModel.ModelCost(model, input, output),
        });
        await WriteTranscriptAsync(scope, call, conversation, forwarded, response, cancellationToken);
        return response;
    }

    /// <summary>
    /// An upper bound on the input tokens of a request: its UTF-8 bytes as sent in the OpenAI format. A byte-level
    /// tokenizer never makes more tokens than bytes, and the JSON around each message covers its framing tokens.
    /// </summary>
    public static long InputTokenBound(IEnumerable<ChatMessage> messages, ChatOptions? options, string modelName) =>
        Encoding.UTF8.GetByteCount(OpenAIWire.RequestJson(messages, options, modelName).ToJsonString());

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The DGM meters whole responses; streaming is not offered.");

    /// <summary>
    /// Holds the call's worst case (its input bound plus the output limit sent) against the budget in one atomic
    /// update of the job's usage, so concurrent calls can never together reserve more than the budget. A call that
    /// asks for no output limit gets what the budget has left after its input, capped by the model's own limit; when
    /// the model's limit is not configured, none is sent (a max_tokens above it is a 400) and the call holds all that
    /// is left, so nothing else of the job runs beside it.
    /// </summary>
    private async Task<(long Tokens, int? Output)> ReserveAsync(ModelCallScope scope, long input, int? askedOutput, CancellationToken cancellationToken)
    {
        int? output = null;
        long held = 0;
        await store.UpdateAsync<ModelUsage>(UsageKey(scope), current =>
        {
            current ??= new ModelUsage();
            var left = scope.TokenBudget - current.TotalTokens - current.ReservedTokens - input;
            output = askedOutput ?? (model.MaxOutputTokens is { } limit ? (int)Math.Clamp(left, 0, limit) : null);
            held = output ?? left;
            if (held < 1 || held > left)
            {
                throw new TokenBudgetExceededException(scope, current.TotalTokens, current.ReservedTokens, input + Math.Max(held, 1));
            }

            return current with { ReservedTokens = current.ReservedTokens + input + held };
        }, cancellationToken);
        return (input + held, output);
    }

    /// <summary>
    /// Releases a reservation and adds what the call was metered at; returns the call number. Not cancellable: a
    /// reservation left behind would shrink the job's budget for good.
    /// </summary>
    private async Task<int> SettleAsync(ModelCallScope scope, long reserved, ModelUsage delta)
    {
        var usage = await store.UpdateAsync<ModelUsage>(UsageKey(scope), current => new ModelUsage
        {
            Calls = (current?.Calls ?? 0) + delta.Calls,
            InputTokens = (current?.InputTokens ?? 0) + delta.InputTokens,
            OutputTokens = (current?.OutputTokens ?? 0) + delta.OutputTokens,
            Dollars = (current?.Dollars ?? 0) + delta.Dollars,
            ContextLengthErrors = (current?.ContextLengthErrors ?? 0) + delta.ContextLengthErrors,
            ReservedTokens = (current?.ReservedTokens ?? 0) - reserved,
        }, CancellationToken.None);
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
