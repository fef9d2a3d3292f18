using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Dgm.Testing;

/// <summary>The data a report, comparison or dashboard page carries in its <c>dgm-data</c> script element.</summary>
public static partial class PageData
{
    public static JsonNode Of(string html) =>
        JsonNode.Parse(DataScript().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidDataException("The page has no dgm-data script."))!;

    [GeneratedRegex("""<script type="application/json" id="dgm-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataScript();
}
