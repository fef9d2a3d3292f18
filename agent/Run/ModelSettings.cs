namespace DgmAgent.Run;

// How to reach the model. The harness hands these over only through the environment, so a child
// agent cannot be pointed elsewhere by its own code: it reads them, it never chooses them.
internal sealed record ModelSettings(string Url, string? Token, string ModelName)
{
    public const string UrlVariable = "DGM_MODEL_URL";
    public const string TokenVariable = "DGM_MODEL_TOKEN";
    public const string NameVariable = "DGM_MODEL_NAME";

    public static ModelSettings FromEnvironment(Func<string, string?> read)
    {
        var url = read(UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException($"{UrlVariable} is not set");
        }

        var isUnix = url.StartsWith("unix:", StringComparison.Ordinal) && url.Length > "unix:".Length;
        var isHttp = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        if (!isUnix && !isHttp)
        {
            throw new UsageException($"{UrlVariable} must be http://host:port or unix:/path.sock, got '{url}'");
        }

        var name = read(NameVariable);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException($"{NameVariable} is not set");
        }

        // A local endpoint may need no token, so an empty one just means no Authorization header.
        var token = read(TokenVariable);
        return new ModelSettings(url, string.IsNullOrEmpty(token) ? null : token, name);
    }
}
