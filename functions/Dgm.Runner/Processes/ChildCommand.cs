namespace Dgm.Runner.Processes;

/// <summary>One program the runner starts: argv, where, with exactly this environment (nothing is inherited).</summary>
internal sealed record ChildCommand(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    public ChildCommand Prefixed(IReadOnlyList<string> prefix) =>
        prefix.Count == 0 ? this : this with { Program = prefix[0], Arguments = [.. prefix.Skip(1), Program, .. Arguments] };

    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
