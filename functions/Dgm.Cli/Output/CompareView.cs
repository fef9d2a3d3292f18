using System.Globalization;
using Dgm.Reports;
using Spectre.Console;

namespace Dgm.Cli.Output;

/// <summary>`dgm compare` and the end of `dgm experiment`: runs side by side, and each arm against the first.</summary>
internal static class CompareView
{
    public static void Print(RunComparison comparison)
    {
        var curves = new Table().AddColumn("iteration");
        foreach (var arm in comparison.Arms)
        {
            curves.AddColumn(new TableColumn($"best: {Markup.Escape(arm.Label)}").RightAligned());
        }

        var longest = comparison.Arms.Max(a => a.BestPerIteration.Count);
        for (var i = 0; i < longest; i++)
        {
            curves.AddRow([i.ToString(CultureInfo.InvariantCulture), .. comparison.Arms.Select(a => i < a.BestPerIteration.Count ? Number(a.BestPerIteration[i]) : "-")]);
        }

        AnsiConsole.Write(curves);

        var arms = new Table().AddColumns("arm", "runs", "final best", "per run", "dollars", "tokens", "sandbox seconds");
        foreach (var arm in comparison.Arms)
        {
            arms.AddRow(
                Markup.Escape(arm.Label),
                arm.Runs.Count.ToString(CultureInfo.InvariantCulture),
                Number(arm.FinalBest),
                Markup.Escape(string.Join(", ", arm.Runs.Select(r => $"{r.RunId} {Number(r.FinalBest)} ({r.BestNodeId ?? "-"})"))),
                arm.Spent.Dollars.ToString("0.####", CultureInfo.InvariantCulture),
                arm.Spent.Tokens.ToString("N0", CultureInfo.InvariantCulture),
                arm.Spent.SandboxSeconds.ToString("0.#", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(arms);

        var level = comparison.Bootstrap.Level.ToString("P0", CultureInfo.InvariantCulture);
        var differences = new Table().AddColumns("arm − reference", "tasks", "difference", $"{level} interval");
        foreach (var difference in comparison.Differences)
        {
            differences.AddRow(
                Markup.Escape($"{difference.Arm} − {difference.Reference}"),
                difference.Tasks.ToString(CultureInfo.InvariantCulture),
                difference.Difference is { } d ? Number(d) : "-",
                difference.Low is { } low ? $"[{Number(low)}, {Number(difference.High!.Value)}]" : Markup.Escape(difference.Note ?? "-"));
        }

        AnsiConsole.Write(differences);
        Console.WriteLine(comparison.Method);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
