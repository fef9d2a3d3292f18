using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dgm.Reports;

/// <summary>
/// Renders the pages: one HTML document with the style, the libraries, our script and the data inline. Its content
/// security policy allows exactly those two scripts (by hash) and, for the dashboard only, requests to its own host.
/// </summary>
public static partial class ReportPages
{
    /// <summary>A run's report, readable offline: no request leaves the file.</summary>
    public static string Report(ReportFile file) => Render($"DGM run {file.Report.Run.RunId}", new { mode = "report" }, file, network: false);

    /// <summary>Runs compared, readable offline.</summary>
    public static string Comparison(RunComparison comparison) => Render("DGM runs compared", new { mode = "compare" }, new { comparison }, network: false);

    /// <summary>The dashboard: reads <c>{apiBase}/dashboard/…</c> and manages runs through <c>{apiBase}/runs</c>.</summary>
    public static string Dashboard(string apiBase, double pollSeconds) =>
        Render("DGM dashboard", new { mode = "dashboard", api = apiBase, pollSeconds }, null, network: true);

    private static string Render(string title, object page, object? data, bool network)
    {
        var policy = string.Join("; ",
            "default-src 'none'",
            $"script-src {Hash(WebAssets.Libraries)} {Hash(WebAssets.App)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            $"connect-src {(network ? "'self'" : "'none'")}",
            "base-uri 'none'",
            "form-action 'none'");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["csp"] = policy,
            ["title"] = WebUtility.HtmlEncode(title),
            ["style"] = WebAssets.Style,
            ["page"] = PageJson.Serialize(page),
            ["data"] = data is null ? "null" : PageJson.Serialize(data),
            ["libraries"] = WebAssets.Libraries,
            ["app"] = WebAssets.App,
        };

        // One pass over the template: inserted text is never scanned for placeholders again.
        return Placeholder().Replace(WebAssets.Template, match => values[match.Groups[1].Value]);
    }

    private static string Hash(string script) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
