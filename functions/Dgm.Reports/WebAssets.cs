using System.Text.RegularExpressions;

namespace Dgm.Reports;

/// <summary>The page template, our script and style, and the browser libraries, embedded at build time (see the project file).</summary>
internal static partial class WebAssets
{
    private const string LibraryPrefix = "Dgm.Reports.lib.";

    public static string Template { get; } = Read("Dgm.Reports.page.html");

    public static string Style { get; } = Read("Dgm.Reports.dgm.css");

    public static string App { get; } = Inlinable(Read("Dgm.Reports.dgm.js"));

    /// <summary>Every library, in the order the project file numbers them, as one script.</summary>
    public static string Libraries { get; } = string.Join(";\n", typeof(WebAssets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(LibraryPrefix, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(n => Inlinable(Read(n))));

    private static string Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Dgm.Reports.");
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>Safe inside an inline script element, and asking for no source map (a file the page does not have).</summary>
    private static string Inlinable(string script) =>
        SourceMap().Replace(ScriptEnd().Replace(script, @"<\/script"), "");

    [GeneratedRegex(@"</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex(@"^//# sourceMappingURL=.*$", RegexOptions.Multiline)]
    private static partial Regex SourceMap();
}
