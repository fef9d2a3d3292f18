namespace Dgm.Core.Configuration;

/// <summary>One thing wrong with a configuration document: where (a JSON path) and what.</summary>
public sealed record ConfigProblem(string Path, string Message)
{
    public override string ToString() => Message.StartsWith(Path, StringComparison.Ordinal) ? Message : $"{Path} {Message}";
}

/// <summary>A configuration that cannot be used; lists every problem, not just the first.</summary>
public sealed class RunConfigException : Exception
{
    public RunConfigException(string source, IReadOnlyList<ConfigProblem> problems)
        : base(Describe(source, problems))
    {
        Source = source;
        Problems = problems;
    }

    public new string Source { get; }

    public IReadOnlyList<ConfigProblem> Problems { get; }

    private static string Describe(string source, IReadOnlyList<ConfigProblem> problems) =>
        $"{source} has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:" + Environment.NewLine +
        string.Join(Environment.NewLine, problems.Select(p => $"  {p}"));
}
