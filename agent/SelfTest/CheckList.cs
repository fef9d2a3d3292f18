namespace DgmAgent.SelfTest;

// Collects named checks and prints PASS/FAIL lines as they are decided. The names are stable: tests and
// the harness look for them, and a failing name tells a broken child exactly what it broke.
internal sealed class CheckList(TextWriter output)
{
    public int Failures { get; private set; }

    public int Count { get; private set; }

    public void Check(string name, bool passed, string detailIfFailed)
    {
        Count++;
        if (passed)
        {
            output.WriteLine($"PASS {name}");
            return;
        }

        Failures++;
        output.WriteLine($"FAIL {name}: {Shorten(detailIfFailed)}");
    }

    private static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings("\\n");
        return oneLine.Length <= 600 ? oneLine : oneLine[..600] + "…";
    }
}
