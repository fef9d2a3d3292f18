using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dgm.Core.Configuration;

/// <summary>
/// Reads a run configuration: JSON text plus command-line overrides (<c>path=value</c>) → a validated
/// <see cref="RunConfig"/>, or a <see cref="RunConfigException"/> that lists every problem with its path.
/// </summary>
public static partial class RunConfigLoader
{
    /// <param name="defaults">A document the given one is laid over (objects merge field by field; arrays and values replace).</param>
    public static RunConfig Load(string json, string source, IEnumerable<KeyValuePair<string, string>>? overrides = null, JsonObject? defaults = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RunConfigException(source, [new ConfigProblem("", $"is not valid JSON: {ex.Message}")]);
        }

        root ??= new JsonObject();
        if (defaults is not null && root is JsonObject given)
        {
            root = Merge((JsonObject)defaults.DeepClone(), given);
        }

        var problems = new List<ConfigProblem>();
        foreach (var (path, value) in overrides ?? [])
        {
            ApplyOverride(root, path, value, problems);
        }

        // Shape and rules in one pass: the checker removes what does not fit, so the fields that do still bind and
        // their values are checked too; a rule is not reported again on a path already reported.
        if (JsonShapeChecker.Check(root, typeof(RunConfig), "", problems))
        {
            var reported = problems.Select(p => p.Path).ToList();
            var config = root.Deserialize<RunConfig>(DgmJson.Options)!;
            problems.AddRange(RunConfigValidator.Validate(config).Where(p => !reported.Any(path => Covers(path, p.Path))));
            if (problems.Count == 0)
            {
                return config;
            }
        }

        throw new RunConfigException(source, problems);
    }

    public static RunConfig Default() => new();

    public static string ToJson(RunConfig config) => JsonSerializer.Serialize(config, DgmJson.Options);

    /// <summary>Whether <paramref name="path"/> is <paramref name="reported"/> or lies inside it.</summary>
    private static bool Covers(string reported, string path) =>
        path.StartsWith(reported, StringComparison.Ordinal)
        && (path.Length == reported.Length || path[reported.Length] is '.' or '[');

    private static JsonObject Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (name, value) in overlay)
        {
            target[name] = target[name] is JsonObject existing && value is JsonObject nested
                ? Merge(existing, nested)
                : value?.DeepClone();
        }

        return target;
    }

    /// <summary>Sets <paramref name="path"/> (e.g. <c>stages[1].tasks</c>) to a JSON value, or to a string when the value is not JSON.</summary>
    private static void ApplyOverride(JsonNode root, string path, string value, List<ConfigProblem> problems)
    {
        var segments = PathSegment().Matches(path);
        if (segments.Count == 0 || string.Concat(segments.Select(m => m.Value)).TrimStart('.') != path)
        {
            problems.Add(new(path, $"override '{path}={value}' has a malformed path"));
            return;
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(value);
        }
        catch (JsonException)
        {
            parsed = JsonValue.Create(value);
        }

        var node = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var name = segments[i].Groups["name"];
            if (name.Success)
            {
                if (node is not JsonObject obj)
                {
                    problems.Add(new(path, $"override '{path}' walks into a value that is not an object"));
                    return;
                }

                if (last)
                {
                    obj[name.Value] = parsed;
                    return;
                }

                node = obj[name.Value] ??= segments[i + 1].Groups["index"].Success ? new JsonArray() : new JsonObject();
            }
            else
            {
                var index = int.Parse(segments[i].Groups["index"].Value, CultureInfo.InvariantCulture);
                if (node is not JsonArray array || index >= array.Count)
                {
                    problems.Add(new(path, $"override '{path}' names an array element that does not exist"));
                    return;
                }

                if (last)
                {
                    array[index] = parsed;
                    return;
                }

                node = array[index] ??= new JsonObject();
            }
        }
    }

    [GeneratedRegex(@"\.?(?<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
