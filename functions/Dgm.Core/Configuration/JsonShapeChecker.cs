using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dgm.Core.Configuration;

/// <summary>
/// Walks a JSON document against the configuration types and reports every unknown field and every value of the
/// wrong type with its path. It removes what it reports, so the rest of the document still binds to a configuration
/// whose values can be checked in the same pass: one load tells the user everything that is wrong.
/// </summary>
internal static class JsonShapeChecker
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <returns>Whether <paramref name="node"/> fits <paramref name="type"/> once the misfits inside it are removed.</returns>
    public static bool Check(JsonNode node, Type type, string path, List<ConfigProblem> problems)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsConfigObject(underlying))
        {
            return CheckObject(node, underlying, path, problems);
        }

        return ListElementType(underlying) is { } itemType
            ? CheckList(node, itemType, path, problems)
            : CheckLeaf(node, underlying, path, problems);
    }

    private static bool CheckObject(JsonNode node, Type type, string path, List<ConfigProblem> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add(new(path, $"{Display(path)} must be an object, got {Show(node)}"));
            return false;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        var misfits = new List<string>();
        foreach (var (name, value) in obj)
        {
            var memberPath = path.Length == 0 ? name : $"{path}.{name}";
            if (!properties.TryGetValue(name, out var property))
            {
                problems.Add(new(memberPath, $"{memberPath} is not a known field (known: {string.Join(", ", properties.Keys)})"));
                misfits.Add(name);
            }
            else if (value is null)
            {
                if (!AllowsNull(property))
                {
                    problems.Add(new(memberPath, $"{memberPath} must not be null"));
                    misfits.Add(name);
                }
            }
            else if (!Check(value, property.PropertyType, memberPath, problems))
            {
                misfits.Add(name);
            }
        }

        // A removed field takes its default, which is valid; the loader keeps rule checks off the removed paths.
        foreach (var name in misfits)
        {
            obj.Remove(name);
        }

        return true;
    }

    private static bool CheckList(JsonNode node, Type itemType, string path, List<ConfigProblem> problems)
    {
        if (node is not JsonArray array)
        {
            problems.Add(new(path, $"{path} must be an array, got {Show(node)}"));
            return false;
        }

        var fits = true;
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = array[i];
            if (item is null)
            {
                problems.Add(new(itemPath, $"{itemPath} must not be null"));
            }
            else if (Check(item, itemType, itemPath, problems))
            {
                continue;
            }

            // Removing an item would renumber the ones after it and so misplace their problems: an object item
            // becomes all defaults instead, and a list of anything else is dropped whole.
            if (IsConfigObject(itemType))
            {
                array[i] = new JsonObject();
            }
            else
            {
                fits = false;
            }
        }

        return fits;
    }

    private static bool CheckLeaf(JsonNode node, Type type, string path, List<ConfigProblem> problems)
    {
        try
        {
            node.Deserialize(type, DgmJson.Options);
            return true;
        }
        catch (JsonException)
        {
            problems.Add(new(path, $"{path} must be {Describe(type)}, got {Show(node)}"));
            return false;
        }
    }

    private static bool AllowsNull(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && Nullability.Create(property).WriteState == NullabilityState.Nullable);

    private static bool IsConfigObject(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(RunConfig).Namespace;

    private static Type? ListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "an integer",
        _ when type == typeof(double) || type == typeof(decimal) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "a string",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetValues(type).Cast<object>()
            .Select(v => JsonSerializer.Serialize(v, type, DgmJson.Compact))),
        _ => type.Name,
    };

    private static string Display(string path) => path.Length == 0 ? "the document" : path;

    private static string Show(JsonNode node)
    {
        var raw = node.ToJsonString(DgmJson.Compact);
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }
}
