using System.Text.Json;

namespace Dgm.Core.Diagnosis;

/// <summary>The diagnosis model's answer, parsed.</summary>
public sealed record DiagnosisAnswer(
    string LogSummarization,
    string PotentialImprovements,
    string ImprovementProposal,
    string ImplementationSuggestion,
    string ProblemDescription)
{
    private static readonly string[] Fields =
        ["log_summarization", "potential_improvements", "improvement_proposal", "implementation_suggestion", "problem_description"];

    /// <summary>Reads the JSON object from a ```json block, or else the first balanced {...} in the text.</summary>
    public static DiagnosisAnswer Parse(string answer)
    {
        var json = FencedJson(answer) ?? FirstObject(answer)
            ?? throw new DiagnosisFormatException($"The diagnosis answer contains no JSON object. It begins: {Preview(answer)}");

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new DiagnosisFormatException($"The diagnosis answer's JSON is malformed: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DiagnosisFormatException($"The diagnosis answer's JSON is a {root.ValueKind}, not an object.");
        }

        var values = new string[Fields.Length];
        var missing = new List<string>();
        for (var i = 0; i < Fields.Length; i++)
        {
            values[i] = root.TryGetProperty(Fields[i], out var value) ? Text(value) : "";
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                missing.Add(Fields[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new DiagnosisFormatException($"The diagnosis answer lacks {string.Join(", ", missing)} (fields must be non-empty strings).");
        }

        return new DiagnosisAnswer(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>The problem statement the parent's agent receives to modify its own source.</summary>
    public string ChildProblemStatement() =>
        "# Improve this coding agent\n\n" +
        "The repository you are working in is the source code of a coding agent (see SUMMARY.md). " +
        "Change the agent so that it gets better at solving coding tasks.\n\n" +
        $"## Problem\n\n{ProblemDescription.Trim()}\n\n" +
        $"## Suggested implementation\n\n{ImplementationSuggestion.Trim()}\n\n" +
        "## Constraints\n\n" +
        "- Keep the command-line contract: `dotnet build -c Release`, then " +
        "`dotnet bin/Release/net10.0/DgmAgent.dll --workspace DIR --problem FILE --test-hint TEXT --transcript FILE`.\n" +
        "- Use only the .NET base class library; the agent must build offline.\n" +
        "- Keep `--self-test` passing and extend it to cover what you add; keep SUMMARY.md true.\n";

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join("\n", value.EnumerateArray().Select(v => "- " + Text(v))),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private static string? FencedJson(string text)
    {
        var start = text.IndexOf("```json", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start = text.IndexOf('\n', start);
        var end = start < 0 ? -1 : text.IndexOf("```", start, StringComparison.Ordinal);
        return end < 0 ? null : text[start..end];
    }

    private static string? FirstObject(string text)
    {
        var start = text.IndexOf('{');
        if (start < 0)
        {
            return null;
        }

        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return null;
    }

    private static string Preview(string text) => text.Length <= 80 ? $"\"{text}\"" : $"\"{text[..77]}...\"";
}

/// <summary>The diagnosis model answered in a form that cannot be used.</summary>
public sealed class DiagnosisFormatException(string message) : Exception(message);
