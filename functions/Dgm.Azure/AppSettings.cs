using Microsoft.Extensions.Options;

namespace Dgm.Azure;

/// <summary>Validation of settings a deployment must give: every missing one is named at once, as the app setting to set.</summary>
public static class AppSettings
{
    /// <summary>The app setting of a configuration path: "Dgm:Sandbox:Image" is set as Dgm__Sandbox__Image.</summary>
    public static string Name(string section, string key) => $"{section}:{key}".Replace(":", "__", StringComparison.Ordinal);

    public static ValidateOptionsResult Require(string section, IEnumerable<(string Key, string? Value)> settings)
    {
        var missing = settings.Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => $"app setting '{Name(section, s.Key)}' is missing").ToList();
        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(missing);
    }
}
