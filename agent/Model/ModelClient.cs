using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DgmAgent.Run;
using DgmAgent.Tools;

namespace DgmAgent.Model;

// Sends one chat-completions request and returns the reply, retrying transient failures
// (connection errors, timeouts, 429, 5xx) as the retry policy says and noting each retry in the transcript.
// A context-length refusal is thrown as ContextLengthException: only a shorter conversation can fix it.
internal sealed class ModelClient(ModelEndpoint endpoint, ModelSettings settings, RetryPolicy retry, Transcript transcript)
{
    public async Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<ITool> tools, int maxTokens)
    {
        var body = ChatProtocol.BuildRequest(settings.ModelName, messages, tools, maxTokens);
        for (var attempt = 1; ; attempt++)
        {
            var result = await SendOnceAsync(body);
            if (result.Reply is { } reply)
            {
                return reply;
            }

            if (!result.Retryable)
            {
                throw new ModelCallException(result.Error);
            }

            if (attempt > retry.MaxRetries)
            {
                throw new ModelCallException($"{result.Error} (gave up after {attempt} attempts)");
            }

            var delay = retry.DelayBefore(attempt, result.RetryAfter);
            transcript.Note($"model call attempt {attempt} failed: {result.Error}; retrying in {delay.TotalSeconds:0.###} s");
            await Task.Delay(delay);
        }
    }

    private async Task<Attempt> SendOnceAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.CompletionsUri)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (settings.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await endpoint.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return new Attempt(ChatProtocol.ParseResponse(text), "", false, null);
            }

            var error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {ChatProtocol.Clip(text)}";
            if (response.StatusCode == HttpStatusCode.BadRequest && ChatProtocol.ErrorCode(text) == "context_length_exceeded")
            {
                throw new ContextLengthException(error);
            }

            return new Attempt(null, error, RetryPolicy.IsRetryable(response.StatusCode), RetryAfter(response));
        }
        catch (HttpRequestException ex)
        {
            // The outer message can be generic ("an error occurred while sending the request"); the root cause says why.
            var cause = ex.GetBaseException().Message;
            var reason = ex.Message.Contains(cause, StringComparison.Ordinal) ? ex.Message : $"{ex.Message} ({cause})";
            return new Attempt(null, $"connection failed: {reason}", true, null);
        }
        catch (TaskCanceledException)
        {
            return new Attempt(null, $"no response within {endpoint.Http.Timeout.TotalSeconds:0} s", true, null);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private sealed record Attempt(ModelReply? Reply, string Error, bool Retryable, TimeSpan? RetryAfter);
}
