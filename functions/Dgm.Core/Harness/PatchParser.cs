using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dgm.Core.Harness;

/// <summary>One file's section of a patch: its exact text and every workspace path it names (old, new, renamed, copied).</summary>
public sealed record FileSection(string Text, IReadOnlyList<string> Paths);

/// <summary>
/// Splits a git or unified diff into file sections the way <c>git apply</c> reads it: "diff --git" headers (quoted
/// paths with C escapes, extended headers such as rename and copy), traditional "---"/"+++" sections, hunks counted by
/// their "@@" line counts (so a "---" line inside a hunk is content, not a header) and binary patches up to the blank
/// line that ends them. Paths lose their first component as <c>git apply -p1</c> strips it. Anything git would read
/// differently from this parser is refused rather than guessed.
/// </summary>
public static partial class PatchParser
{
    /// <summary>The sections of <paramref name="patch"/>, each verbatim; the texts joined are the patch.</summary>
    /// <exception cref="InvalidDataException">The patch is not one this parser reads exactly as git would, with the line and why.</exception>
    public static IReadOnlyList<FileSection> Parse(string patch)
    {
        var reader = new LineReader(patch);
        var starts = new List<int>();
        var paths = new List<List<string>>();
        while (!reader.AtEnd)
        {
            var start = reader.Offset;
            var named = new List<string>();
            if (reader.Peek.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                GitSection(reader, named);
            }
            else if (IsTraditionalHeader(reader))
            {
                Names(reader, named, traditional: true);
                Hunks(reader);
            }
            else if (reader.Peek.Length == 0 && starts.Count > 0)
            {
                // A blank line between sections is one git apply skips; it stays with the section before it.
                reader.Next();
                continue;
            }
            else
            {
                throw reader.Error("expected a file header (\"diff --git\", or \"---\" then \"+++\")");
            }

            starts.Add(start);
            paths.Add(named);
        }

        return [.. starts.Select((start, i) => new FileSection(patch[start..(i + 1 < starts.Count ? starts[i + 1] : patch.Length)], paths[i]))];
    }

    private static void GitSection(LineReader reader, List<string> paths)
    {
        var header = reader.Next();
        paths.AddRange(HeaderNames(header["diff --git ".Length..]) ?? []);
        var extended = new[]
        {
            "old mode ", "new mode ", "deleted file mode ", "new file mode ", "similarity index ", "dissimilarity index ", "index ",
        };
        while (!reader.AtEnd)
        {
            var line = reader.Peek;
            if (extended.Any(p => line.StartsWith(p, StringComparison.Ordinal)))
            {
                reader.Next();
            }
            else if (Prefixed(line, "rename from ", "rename to ", "copy from ", "copy to ", "rename old ", "rename new ") is { } name)
            {
                paths.Add(Unquote(name, reader));
                reader.Next();
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) && line.EndsWith(" differ", StringComparison.Ordinal))
            {
                reader.Next();
                break;
            }
            else if (line == "GIT binary patch")
            {
                reader.Next();
                BinaryPatch(reader);
                break;
            }
            else if (IsTraditionalHeader(reader))
            {
                Names(reader, paths, traditional: false);
                Hunks(reader);
                break;
            }
            else if (line.StartsWith("diff --git ", StringComparison.Ordinal) || line.Length == 0)
            {
                break;
            }
            else
            {
                throw reader.Error("unexpected line in a \"diff --git\" header");
            }
        }

        if (paths.Count == 0)
        {
            throw reader.Error($"the header \"{header}\" names no file that can be told apart (and no ---/+++ or rename line names one)");
        }
    }

    /// <summary>
    /// "--- old" then "+++ new": both names, unless /dev/null. In a git section a name ends at a tab (git adds one after
    /// a name with spaces). In a traditional one git may also end it before a trailing date, at any space or tab, so
    /// every such reading is checked.
    /// </summary>
    private static void Names(LineReader reader, List<string> paths, bool traditional)
    {
        for (var i = 0; i < 2; i++)
        {
            var name = reader.Peek[4..];
            if (name.StartsWith('"'))
            {
                paths.Add(StripFirstComponent(Unquote(QuotedPrefix(name) ?? throw reader.Error("unterminated quoted name"), reader)));
            }
            else if (name.Split('\t')[0] != "/dev/null")
            {
                var ends = traditional
                    ? Enumerable.Range(1, name.Length - 1).Where(end => name[end] is ' ' or '\t').Append(name.Length)
                    : [name.Split('\t')[0].Length];
                paths.AddRange(ends.Select(end => name[..end]).Where(n => n != "/dev/null").Select(StripFirstComponent));
            }

            reader.Next();
        }
    }

    /// <summary>One or more hunks, each exactly as long as its "@@" line says.</summary>
    private static void Hunks(LineReader reader)
    {
        if (reader.AtEnd || !reader.Peek.StartsWith("@@ ", StringComparison.Ordinal))
        {
            throw reader.Error("a ---/+++ header is not followed by a hunk");
        }

        while (!reader.AtEnd && reader.Peek.StartsWith("@@ ", StringComparison.Ordinal))
        {
            var match = HunkHeader().Match(reader.Peek);
            if (!match.Success)
            {
                throw reader.Error($"malformed hunk header \"{reader.Peek}\"");
            }

            reader.Next();
            var old = Count(match.Groups[2]);
            var @new = Count(match.Groups[4]);
            while (old > 0 || @new > 0)
            {
                if (reader.AtEnd)
                {
                    throw reader.Error("the patch ends inside a hunk");
                }

                var line = reader.Peek;
                switch (line.Length == 0 ? ' ' : line[0])
                {
                    case ' ':
                        (old, @new) = (old - 1, @new - 1);
                        break;
                    case '-':
                        old--;
                        break;
                    case '+':
                        @new--;
                        break;
                    case '\\':
                        break;
                    default:
                        throw reader.Error("a hunk has fewer lines than its \"@@\" header counts");
                }

                if (old < 0 || @new < 0)
                {
                    throw reader.Error("a hunk has more lines than its \"@@\" header counts");
                }

                reader.Next();
            }

            if (!reader.AtEnd && reader.Peek.StartsWith('\\'))
            {
                reader.Next();
            }
        }
    }

    private static int Count(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 1;

    /// <summary>"literal N" or "delta N", base85 lines, a blank line; then the same for the reverse direction.</summary>
    private static void BinaryPatch(LineReader reader)
    {
        if (reader.AtEnd || !BinaryBlock().IsMatch(reader.Peek))
        {
            throw reader.Error("\"GIT binary patch\" is not followed by \"literal\" or \"delta\"");
        }

        for (var block = 0; block < 2 && !reader.AtEnd && BinaryBlock().IsMatch(reader.Peek); block++)
        {
            reader.Next();
            if (reader.AtEnd || reader.Peek.Length == 0)
            {
                throw reader.Error("a binary patch block has no data");
            }

            while (!reader.AtEnd && reader.Peek.Length > 0)
            {
                if (!Base85Line().IsMatch(reader.Peek))
                {
                    throw reader.Error("malformed line in a binary patch");
                }

                reader.Next();
            }

            if (!reader.AtEnd)
            {
                reader.Next();
            }
        }
    }

    private static bool IsTraditionalHeader(LineReader reader) =>
        reader.Peek.StartsWith("--- ", StringComparison.Ordinal) && reader.PeekSecond is { } next && next.StartsWith("+++ ", StringComparison.Ordinal);

    private static string? Prefixed(string line, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? line[prefix.Length..] : null;

    /// <summary>The two names of a "diff --git" line without their first component, or null when git could not tell them apart either.</summary>
    private static string[]? HeaderNames(string rest)
    {
        string first, second;
        if (rest.StartsWith('"'))
        {
            var quoted = QuotedPrefix(rest);
            if (quoted is null || rest.Length <= quoted.Length + 1 || rest[quoted.Length] != ' ')
            {
                return null;
            }

            first = UnquoteOrNull(quoted)!;
            var tail = rest[(quoted.Length + 1)..];
            second = tail.StartsWith('"') && QuotedPrefix(tail) is { } q && q.Length == tail.Length ? UnquoteOrNull(q)! : tail;
        }
        else if (rest.EndsWith('"') && QuotedSuffix(rest) is { } suffix)
        {
            (first, second) = (rest[..(rest.Length - suffix.Length - 1)], UnquoteOrNull(suffix)!);
        }
        else
        {
            // Unquoted names may hold spaces; git takes the split where both names are the same.
            var middle = rest.Length / 2;
            if (rest.Length % 2 == 0 || rest[middle] != ' ' || StripFirstComponent(rest[..middle]) != StripFirstComponent(rest[(middle + 1)..]))
            {
                return null;
            }

            (first, second) = (rest[..middle], rest[(middle + 1)..]);
        }

        return [StripFirstComponent(first), StripFirstComponent(second)];
    }

    private static string StripFirstComponent(string name) => name.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? name[(slash + 1)..] : name;

    /// <summary>The quoted string at the start of <paramref name="text"/>, quotes included, or null if it does not end.</summary>
    private static string? QuotedPrefix(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return text[..(i + 1)];
            }
        }

        return null;
    }

    /// <summary>The quoted string that ends <paramref name="text"/> after a space, quotes included.</summary>
    private static string? QuotedSuffix(string text)
    {
        for (var start = text.IndexOf(" \"", StringComparison.Ordinal); start >= 0; start = text.IndexOf(" \"", start + 1, StringComparison.Ordinal))
        {
            if (QuotedPrefix(text[(start + 1)..]) is { } quoted && quoted.Length == text.Length - start - 1)
            {
                return quoted;
            }
        }

        return null;
    }

    private static string Unquote(string name, LineReader reader) =>
        !name.StartsWith('"') ? name : UnquoteOrNull(name) ?? throw reader.Error($"malformed quoted name {name}");

    /// <summary>Git's C-style quoting: \a \b \t \n \v \f \r \\ \" and three octal digits per byte (UTF-8 for non-ASCII names).</summary>
    private static string? UnquoteOrNull(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"' || quoted[^1] != '"')
        {
            return null;
        }

        var bytes = new List<byte>();
        var body = quoted[1..^1];
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(body[i].ToString()));
                continue;
            }

            if (++i == body.Length)
            {
                return null;
            }

            var escaped = body[i] switch
            {
                'a' => 7, 'b' => 8, 't' => 9, 'n' => 10, 'v' => 11, 'f' => 12, 'r' => 13, '\\' => '\\', '"' => '"', _ => -1,
            };
            if (escaped < 0)
            {
                if (i + 2 >= body.Length || !IsOctal(body[i]) || !IsOctal(body[i + 1]) || !IsOctal(body[i + 2]))
                {
                    return null;
                }

                escaped = Convert.ToInt32(body.Substring(i, 3), 8);
                i += 2;
                if (escaped > 255)
                {
                    return null;
                }
            }

            bytes.Add((byte)escaped);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();

    [GeneratedRegex(@"^(literal|delta) \d+$")]
    private static partial Regex BinaryBlock();

    [GeneratedRegex("^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]+$")]
    private static partial Regex Base85Line();

    /// <summary>Lines of the patch (without their "\n", and without a "\r" before it) and where the next one starts.</summary>
    private sealed class LineReader(string text)
    {
        private int _line;

        public int Offset { get; private set; }

        public bool AtEnd => Offset >= text.Length;

        public string Peek => LineAt(Offset, out _);

        public string? PeekSecond
        {
            get
            {
                LineAt(Offset, out var next);
                return next < text.Length ? LineAt(next, out _) : null;
            }
        }

        public string Next()
        {
            var line = LineAt(Offset, out var next);
            (Offset, _line) = (next, _line + 1);
            return line;
        }

        /// <summary>An error about the line <see cref="Peek"/> returns (the last line when the patch has ended).</summary>
        public InvalidDataException Error(string why) => new($"line {_line + (AtEnd ? 0 : 1)}: {why}");

        private string LineAt(int offset, out int next)
        {
            var end = text.IndexOf('\n', offset);
            next = end < 0 ? text.Length : end + 1;
            var line = text[offset..(end < 0 ? text.Length : end)];
            return line.EndsWith('\r') ? line[..^1] : line;
        }
    }
}
