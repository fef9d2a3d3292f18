using System.ClientModel;
using Dgm.Core.Models;
using Microsoft.Extensions.AI;

namespace Dgm.Models.Backends;

/// <summary>Turns an SDK failure into the product's errors, with a message that says what to fix.</summary>
public sealed class BackendErrorChatClient(IChatClient inner, string endpoint, string model) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (ClientResultException ex)
        {
            var body = ex.GetRawResponse()?.Content?.ToString() ?? "";
            throw ex.Status switch
            {
                _ when ContextLengthErrors.Matches(ex.Status, body) =>
                    new ContextLengthExceededException($"{endpoint} refused the request: the conversation exceeds the context window of '{model}'.", ex),
                400 => new ModelRequestRejectedException($"{endpoint} answered 400 Bad Request for '{model}': {Clip(body)}", ex),
                401 or 403 => new ModelUnavailableException(
                    $"{endpoint} answered {ex.Status}: the API key or Entra ID identity was refused (for Azure OpenAI the identity needs the 'Cognitive Services OpenAI User' role).", ex),
                404 => new ModelUnavailableException($"{endpoint} answered 404: no model or deployment named '{model}' there.", ex),
                0 => new ModelUnavailableException($"{endpoint} could not be reached: {ex.Message}", ex),
                _ => new ModelUnavailableException($"{endpoint} still answered {ex.Status} after retries: {Clip(body)}", ex),
            };
        }
        catch (TimeoutException ex)
        {
            throw new ModelUnavailableException(ex.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelUnavailableException($"{endpoint} could not be reached: {ex.Message}", ex);
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
