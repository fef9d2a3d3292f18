using System.Reflection;
using System.Text.Json;

namespace Dgm.Core.Configuration;

/// <summary>
/// Walks a JSON document against the configuration types and reports every unknown field and every value of
/// the wrong type with its path, so one load tells the user everything that is wrong instead of the first thing.
/// </summary>
internal static class JsonShapeChecker
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static void Check(JsonElement element, Type type, string path, List<ConfigProblem> problems)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (Nullable.GetUnderlyingType(type) is null && type.IsValueType)
            {
                problems.Add(new(path, $"{path} must not be null"));
            }

            return;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsConfigObject(underlying))
        {
            CheckObject(element, underlying, path, problems);
        }
        else if (ListElementType(underlying) is { } itemType)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(path, $"{path} must be an array, got {Show(element)}"));
                return;
            }

            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                Check(item, itemType, $"{path}[{index++}]", problems);
            }
        }
        else
        {
            CheckLeaf(element, underlying, path, problems);
        }
    }

    private static void CheckObject(JsonElement element, Type type, string path, List<ConfigProblem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, $"{Display(path)} must be an object, got {Show(element)}"));
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = path.Length == 0 ? member.Name : $"{path}.{member.Name}";
            if (!properties.TryGetValue(member.Name, out var property))
            {
                problems.Add(new(memberPath, $"{memberPath} is not a known field (known: {string.Join(", ", properties.Keys)})"));
                continue;
            }

            if (member.Value.ValueKind == JsonValueKind.Null && !AllowsNull(property))
            {
                problems.Add(new(memberPath, $"{memberPath} must not be null"));
                continue;
            }

            Check(member.Value, property.PropertyType, memberPath, problems);
        }
    }

    private static void CheckLeaf(JsonElement element, Type type, string path, List<ConfigProblem> problems)
    {
        try
        {
            element.Deserialize(type, DgmJson.Options);
        }
        catch (JsonException)
        {
            problems.Add(new(path, $"{path} must be {Describe(type)}, got {Show(element)}"));
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

    internal static string Show(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }
}
