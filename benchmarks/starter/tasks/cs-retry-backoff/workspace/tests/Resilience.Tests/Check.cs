namespace Checks;

/// <summary>A tiny self-contained test harness: no test framework packages needed.</summary>
internal static class Check
{
    private static int s_passed;
    private static int s_failed;
    private static readonly List<(string Name, string? Failure)> s_results = [];

    public static void Run(string name, Action body)
    {
        try
        {
            body();
            s_passed++;
            s_results.Add((name, null));
            Console.WriteLine($"PASS {name}");
        }
        catch (Exception ex)
        {
            s_failed++;
            s_results.Add((name, $"{ex.GetType().Name}: {ex.Message}"));
            Console.WriteLine($"FAIL {name}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    public static void Equal<T>(T expected, T actual, string what = "value")
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckFailedException($"{what}: expected <{expected}> but got <{actual}>");
        }
    }

    public static void SequenceEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what = "sequence")
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a))
        {
            throw new CheckFailedException($"{what}: expected [{string.Join(", ", e)}] but got [{string.Join(", ", a)}]");
        }
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailedException($"expected true: {what}");
        }
    }

    public static TException Throws<TException>(Action action, string what = "action")
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException ex)
        {
            return ex;
        }
        catch (Exception ex)
        {
            throw new CheckFailedException($"{what}: expected {typeof(TException).Name} but got {ex.GetType().Name}: {ex.Message}");
        }

        throw new CheckFailedException($"{what}: expected {typeof(TException).Name} but nothing was thrown");
    }

    public static int Finish()
    {
        WriteReport();
        Console.WriteLine($"{s_passed} passed, {s_failed} failed");
        return s_failed == 0 ? 0 : 1;
    }

    /// <summary>The grader reads this JUnit XML report from $DGM_REPORT_DIR; it is written only when every test has run.</summary>
    private static void WriteReport()
    {
        if (Environment.GetEnvironmentVariable("DGM_REPORT_DIR") is not { } dir)
        {
            return;
        }

        var suite = new System.Xml.Linq.XElement("testsuite",
            new System.Xml.Linq.XAttribute("name", "check"),
            new System.Xml.Linq.XAttribute("tests", s_results.Count),
            new System.Xml.Linq.XAttribute("failures", s_failed),
            s_results.Select(r => new System.Xml.Linq.XElement("testcase",
                new System.Xml.Linq.XAttribute("classname", "check"),
                new System.Xml.Linq.XAttribute("name", r.Name),
                r.Failure is null ? null : new System.Xml.Linq.XElement("failure", new System.Xml.Linq.XAttribute("message", r.Failure)))));
        suite.Save(Path.Combine(dir, "check.xml"));
    }
}

internal sealed class CheckFailedException(string message) : Exception(message);
