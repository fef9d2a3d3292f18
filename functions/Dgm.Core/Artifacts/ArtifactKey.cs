namespace Dgm.Core.Artifacts;

/// <summary>Validation shared by every store: keys are relative, '/'-separated, without empty or relative segments.</summary>
public static class ArtifactKey
{
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.EndsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid artifact key: keys are relative paths separated by '/'.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw new ArgumentException($"'{key}' is not a valid artifact key: it has an empty, '.' or '..' segment.", nameof(key));
            }
        }

        return key;
    }
}
