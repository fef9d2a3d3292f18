using System.Security.Cryptography;

namespace Dgm.Core.Artifacts;

public static class ContentHash
{
    /// <summary>Lower-case hex SHA-256, the content address of snapshots, builds and patches.</summary>
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
