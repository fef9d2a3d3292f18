using System.Globalization;
using System.Text.RegularExpressions;

namespace Templating;

/// <summary>
/// Renders mail-merge style templates. A placeholder is a name in double braces, e.g.
/// <c>Hello {{name}}!</c>. Names consist of letters, digits, underscores and dots. Values are
/// inserted literally: text inside a value is never interpreted as a placeholder.
/// A placeholder without a value is an error.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly Regex Placeholder = new(@"\{\{([A-Za-z0-9_.]+)\}\}", RegexOptions.CultureInvariant);

    public string Render(string template, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);

        var result = template;
        foreach (var (name, value) in values)
        {
            result = result.Replace("{{" + name + "}}", Format(value), StringComparison.Ordinal);
        }

        var missing = Placeholder.Match(result);
        if (missing.Success)
        {
            throw new MissingValueException(missing.Groups[1].Value);
        }

        return result;
    }

    /// <summary>The distinct placeholder names used by a template, in order of first appearance.</summary>
    public IReadOnlyList<string> Names(string template) =>
        Placeholder.Matches(template).Select(m => m.Groups[1].Value).Distinct().ToList();

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

public sealed class MissingValueException(string name)
    : Exception($"No value for placeholder '{name}'.")
{
    public string Name { get; } = name;
}
