using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dgm.Core.Models;

namespace Dgm.Core.Gateway;

/// <summary>What a gateway token grants: one job's model calls, within a token budget, until it expires.</summary>
public sealed record GatewayGrant(ModelCallScope Scope, DateTimeOffset Expires);

/// <summary>
/// Scoped, expiring, HMAC-SHA256-signed bearer tokens for sandboxed agents: <c>dgm1.{payload}.{signature}</c>, both
/// base64url. Sandboxes hold only these, never a real model key.
/// </summary>
public sealed class GatewayTokens
{
    private const string Prefix = "dgm1.";
    private readonly Lazy<byte[]> _key;

    public GatewayTokens(byte[] key)
        : this(() => key)
    {
        _ = _key.Value;
    }

    /// <summary>A key read on first use (from a store, say), so building a host touches no storage.</summary>
    public GatewayTokens(Func<byte[]> key) => _key = new(() =>
    {
        var bytes = key();
        return bytes.Length >= 32 ? bytes.ToArray() : throw new ArgumentException("The gateway signing key must be at least 32 bytes.", nameof(key));
    });

    public string Issue(GatewayGrant grant)
    {
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(grant, DgmJson.Compact));
        return $"{Prefix}{payload}.{Base64Url(Sign(payload))}";
    }

    /// <summary>The grant of a valid token; throws <see cref="GatewayAuthException"/> for malformed, forged or expired ones.</summary>
    public GatewayGrant Validate(string token, DateTimeOffset now)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length..].Split('.') is not [var payload, var signature])
        {
            throw new GatewayAuthException("invalid_token", "The bearer token is not a DGM gateway token.");
        }

        byte[] given;
        try
        {
            given = FromBase64Url(signature);
        }
        catch (FormatException)
        {
            throw new GatewayAuthException("invalid_token", "The bearer token's signature is malformed.");
        }

        if (!CryptographicOperations.FixedTimeEquals(given, Sign(payload)))
        {
            throw new GatewayAuthException("invalid_token", "The bearer token's signature does not verify.");
        }

        var grant = JsonSerializer.Deserialize<GatewayGrant>(FromBase64Url(payload), DgmJson.Compact)
            ?? throw new GatewayAuthException("invalid_token", "The bearer token carries no grant.");
        if (now >= grant.Expires)
        {
            throw new GatewayAuthException("token_expired", $"The bearer token expired at {grant.Expires:u}.");
        }

        return grant;
    }

    private byte[] Sign(string payload) => HMACSHA256.HashData(_key.Value, Encoding.ASCII.GetBytes(payload));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + (4 - padded.Length % 4) % 4, '='));
    }
}

/// <summary>A request the gateway refuses with 401.</summary>
public sealed class GatewayAuthException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
