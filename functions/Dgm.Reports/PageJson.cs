using System.Text.Encodings.Web;
using System.Text.Json;
using Dgm.Core;

namespace Dgm.Reports;

/// <summary>
/// The product's JSON dialect with HTML-safe escaping: data goes inside script elements of a page, where an agent's
/// text containing "&lt;/script&gt;" must stay text.
/// </summary>
public static class PageJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(DgmJson.Compact) { Encoder = JavaScriptEncoder.Default };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
