using System.Text;

namespace Dgm.Core.Diagnosis;

/// <summary>One file of the agent's source as the diagnosis reads it.</summary>
public sealed record AgentSourceFile(string Path, string Text);

/// <summary>
/// The agent's source shown to the diagnosis, as the reference shows its coding agent's code: the program and its
/// summary, without the self-test (a harness check, not the agent's ability) and without build output. Files are
/// taken in order, SUMMARY.md first, until the character budget is spent; the rest are named as omitted.
/// </summary>
public sealed record AgentSource(IReadOnlyList<AgentSourceFile> Files, IReadOnlyList<string> Omitted)
{
    /// <summary>About 75k tokens: the seed's source is some 45k characters, and children grow it.</summary>
    public const int MaxCharacters = 300_000;

    private static readonly string[] SourceExtensions = [".cs", ".md", ".csproj", ".props", ".targets"];
    private static readonly string[] ExcludedFolders = ["SelfTest/", "bin/", "obj/"];

    public static AgentSource From(IReadOnlyDictionary<string, byte[]> snapshot, int maxCharacters = MaxCharacters)
    {
        var files = new List<AgentSourceFile>();
        var omitted = new List<string>();
        var spent = 0;
        var paths = snapshot.Keys
            .Where(p => SourceExtensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(p => !ExcludedFolders.Any(f => p.StartsWith(f, StringComparison.Ordinal)))
            .OrderBy(p => p != "SUMMARY.md")
            .ThenBy(p => p, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var text = Encoding.UTF8.GetString(snapshot[path]);
            if (spent + text.Length > maxCharacters)
            {
                omitted.Add(path);
                continue;
            }

            spent += text.Length;
            files.Add(new AgentSourceFile(path, text));
        }

        return new AgentSource(files, omitted);
    }
}
