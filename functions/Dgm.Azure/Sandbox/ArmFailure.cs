using System.Globalization;
using System.Text.Json;
using Azure;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// Turns an ARM failure into a <see cref="SandboxException"/> that says what went wrong and whether retrying can
/// help. Azure.Core has already retried throttling (429) and server errors as often as configured, honouring
/// Retry-After; what reaches here is what those retries could not fix.
/// </summary>
internal static class ArmFailure
{
    public static SandboxException Translate(RequestFailedException ex, string operation, string groupName)
    {
        var (code, message) = ErrorBody(ex);
        code ??= ex.ErrorCode ?? $"Http{ex.Status.ToString(CultureInfo.InvariantCulture)}";
        message ??= ex.Message.Split('\n')[0];
        var retryAfter = RetryAfter(ex);
        return new SandboxException(
            $"ACI {operation} of container group '{groupName}' failed: HTTP {ex.Status.ToString(CultureInfo.InvariantCulture)} {code}: {message}",
            code,
            IsRetryable(ex.Status, code),
            ex.Status,
            retryAfter,
            ex);
    }

    /// <summary>
    /// A create refused for want of room: the subscription's container group or core quota is used up (it frees as
    /// jobs end), ARM throttles, or the region has no capacity now. The job waits; it is not the job's fault.
    /// </summary>
    public static bool IsBusy(SandboxException failure) =>
        failure.Code.Contains("Quota", StringComparison.OrdinalIgnoreCase) || failure.Status == 429 || failure.Code == "ServiceUnavailable";

    /// <summary>Quota and invalid requests need a person or a change; throttling, capacity and conflicts pass.</summary>
    internal static bool IsRetryable(int status, string code)
    {
        if (code.Contains("Quota", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // ACI answers "ServiceUnavailable" (sometimes as 409) when a region has no capacity for the request right now.
        if (code is "ServiceUnavailable" or "Conflict" or "AnotherOperationInProgress")
        {
            return true;
        }

        return status is 408 or 409 or 429 || status >= 500;
    }

    private static (string? Code, string? Message) ErrorBody(RequestFailedException ex)
    {
        var content = ex.GetRawResponse()?.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (Text(error, "code"), Text(error, "message"));
            }
        }
        catch (JsonException)
        {
            // Not an ARM error body (a proxy's HTML page, say): the status and Azure.Core's message must do.
        }

        return (null, null);
    }

    private static TimeSpan? RetryAfter(RequestFailedException ex)
    {
        var response = ex.GetRawResponse();
        if (response is null || !response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when - DateTimeOffset.UtcNow
            : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
