namespace Dgm.Reports;

/// <summary>Long texts (patches, logs) are cut for a page, saying where the whole text is.</summary>
internal static class TextClip
{
    public static string Head(string text, int maxChars, string wholeAt) =>
        text.Length <= maxChars ? text : $"{text[..maxChars]}\n… clipped at {maxChars:N0} of {text.Length:N0} characters; the whole text is {wholeAt}";
}
