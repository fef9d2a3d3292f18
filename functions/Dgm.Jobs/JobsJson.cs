using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dgm.Jobs;

/// <summary>
/// The contract's JSON, source-generated so the trimmed runner needs no reflection: camelCase fields, enums as their
/// snake_case names, no nulls written, unknown fields refused (a host and a runner of different versions fail loudly).
/// Contract properties with a default are settable, not init-only: generated code sets an init-only property whether
/// or not the document has it, which would replace the default.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(StepSpec))]
[JsonSerializable(typeof(StepReport))]
[JsonSerializable(typeof(TransferSpec))]
[JsonSerializable(typeof(TransferResult))]
public sealed partial class JobsJson : JsonSerializerContext
{
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, typeof(T), Default);

    public static byte[] WriteBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), Default);

    /// <summary>Reads a contract document; a malformed one is an <see cref="InvalidDataException"/> naming <paramref name="source"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> utf8, string source)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, typeof(T), Default) as T ?? throw new InvalidDataException($"{source}: the document is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }

    public static T Read<T>(string json, string source)
        where T : class => Read<T>(System.Text.Encoding.UTF8.GetBytes(json), source);
}
