using System.Text.Json;
using System.Text.Json.Serialization;
using Dgm.Core;

namespace Dgm.Models.Replay;

/// <summary>
/// A file of scripted model responses: the offline replay model (no AI). Each entry answers one call, matched by
/// purpose, scope (a glob over "node" or "node/task") and turn (1 + the assistant messages already in the
/// conversation). The first matching entry wins.
/// </summary>
public sealed record Cassette
{
    public const string DemoName = "demo";

    public string Description { get; init; } = "";

    public required IReadOnlyList<CassetteEntry> Entries { get; init; }

    /// <summary>Where the cassette came from, for error messages.</summary>
    [JsonIgnore]
    public string Source { get; init; } = "";

    /// <summary>Loads a cassette file, or the demo cassette that ships with the product when <paramref name="pathOrDemo"/> is "demo".</summary>
    public static Cassette Load(string pathOrDemo)
    {
        if (pathOrDemo == DemoName)
        {
            using var stream = typeof(Cassette).Assembly.GetManifestResourceStream("Dgm.Models.Replay.demo-cassette.json")
                ?? throw new InvalidOperationException("The demo cassette is missing from Dgm.Models.");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return Parse(memory.ToArray(), "demo cassette");
        }

        if (!File.Exists(pathOrDemo))
        {
            throw new FileNotFoundException($"Replay cassette '{pathOrDemo}' does not exist.", pathOrDemo);
        }

        return Parse(File.ReadAllBytes(pathOrDemo), pathOrDemo);
    }

    public static Cassette Parse(byte[] utf8, string source)
    {
        var cassette = DgmJson.Deserialize<Cassette>(utf8, source) with { Source = source };
        var problems = cassette.Entries
            .Select((e, i) => e.Problem() is { } p ? $"{source}: entries[{i}] {p}" : null)
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? cassette : throw new InvalidDataException(string.Join(Environment.NewLine, problems));
    }
}

public sealed record CassetteEntry
{
    public required string Purpose { get; init; }

    /// <summary>
    /// Glob over the call's scope key: '*' matches any run of characters, e.g. "*/py-*"; '|' separates alternatives,
    /// e.g. "i1-c0|c1" for the first child of the generations loop and of the steady loop.
    /// </summary>
    public string Scope { get; init; } = "*";

    public required int Turn { get; init; }

    public required CassetteResponse Response { get; init; }

    public bool Matches(string purpose, string scope, int turn) =>
        Purpose == purpose && Turn == turn && Scope.Split('|').Any(alternative => Glob.IsMatch(alternative, scope));

    internal string? Problem() =>
        Turn < 1 ? $"turn must be at least 1, got {Turn}"
        : string.IsNullOrWhiteSpace(Purpose) ? "purpose must not be empty"
        : Response.Text is null && Response.ToolCalls.Count == 0 ? "response needs text or toolCalls"
        : null;
}

public sealed record CassetteResponse
{
    public string? Text { get; init; }

    public IReadOnlyList<CassetteToolCall> ToolCalls { get; init; } = [];

    public CassetteUsage Usage { get; init; } = new();
}

public sealed record CassetteToolCall(string Id, string Name, JsonElement Arguments);

public sealed record CassetteUsage
{
    public long Input { get; init; } = 100;

    public long Output { get; init; } = 50;
}

internal static class Glob
{
    public static bool IsMatch(string pattern, string text) => Match(pattern.AsSpan(), text.AsSpan());

    private static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == '*')
            {
                var rest = pattern[1..];
                for (var i = 0; i <= text.Length; i++)
                {
                    if (Match(rest, text[i..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (text.Length == 0 || pattern[0] != text[0])
            {
                return false;
            }

            pattern = pattern[1..];
            text = text[1..];
        }

        return text.Length == 0;
    }
}
