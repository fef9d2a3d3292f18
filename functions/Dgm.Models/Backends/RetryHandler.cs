using System.Net;

namespace Dgm.Models.Backends;

/// <summary>How a backend call is retried and cut off.</summary>
public sealed record RetryPolicy
{
    public int MaxRetries { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each attempt is cancelled after this long, so a hung endpoint cannot stall a run.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(3);
}

/// <summary>
/// Retries 429, 5xx, timeouts and connection failures with exponential backoff and full jitter, honouring
/// Retry-After (and Azure's retry-after-ms); every attempt runs under its own timeout. 4xx other than 429, and a
/// context-length refusal whatever its status (Ollama sends a 500), are returned at once: retrying cannot fix them.
/// </summary>
public sealed class RetryHandler(RetryPolicy policy) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt == policy.MaxRetries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(policy.AttemptTimeout);
            TimeSpan? retryAfter = null;
            try
            {
                var response = await base.SendAsync(Clone(request, body), timeout.Token);
                if (!IsTransient(response.StatusCode) || last || await IsContextLengthAsync(response, timeout.Token))
                {
                    return response;
                }

                retryAfter = RetryAfter(response);
                response.Dispose();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (last)
                {
                    throw new TimeoutException($"{request.RequestUri?.GetLeftPart(UriPartial.Path)} did not answer within {policy.AttemptTimeout.TotalSeconds:0.#} s, {attempt + 1} attempts.");
                }
            }
            catch (HttpRequestException) when (!last)
            {
            }

            await Task.Delay(retryAfter ?? Backoff(attempt), cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Reads the error body into a buffer, so the caller can still read it after this look.</summary>
    private static async Task<bool> IsContextLengthAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return ContextLengthErrors.Matches((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(policy.MaxDelay.TotalMilliseconds, policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        TimeSpan? wait = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            wait = TimeSpan.FromMilliseconds(milliseconds);
        }
        else if (response.Headers.RetryAfter is { } header)
        {
            wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }

        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, policy.MaxDelay.Ticks)) : null;
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return clone;
    }
}
