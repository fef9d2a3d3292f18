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

        var arms = new Table().AddColumns("arm", "runs", "final best", "dollars", "tokens", "sandbox seconds");
        var runs = new Table().AddColumns("run", "arm", "status", "best node", "final best");
        foreach (var arm in comparison.Arms)
        {
            arms.AddRow(
                Markup.Escape(arm.Label),
                arm.Runs.Count.ToString(CultureInfo.InvariantCulture),
                Number(arm.FinalBest),
                arm.Spent.Dollars.ToString("0.####", CultureInfo.InvariantCulture),
                arm.Spent.Tokens.ToString("N0", CultureInfo.InvariantCulture),
                arm.Spent.SandboxSeconds.ToString("0.#", CultureInfo.InvariantCulture));
            foreach (var run in arm.Runs)
            {
                runs.AddRow(Markup.Escape(run.RunId), Markup.Escape(arm.Label), run.Status.ToString().ToLowerInvariant(), Markup.Escape(run.BestNodeId ?? "-"), Number(run.FinalBest));
            }
        }

        AnsiConsole.Write(runs);
        AnsiConsole.Write(arms);

        // One line per difference, never wrapped: scripts and papers quote them.
        foreach (var difference in comparison.Differences)
        {
            Console.WriteLine(difference.Difference is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"{difference.Arm} − {difference.Reference}: {Number(d)}, {comparison.Bootstrap.Level * 100:0.#}% interval [{Number(difference.Low!.Value)}, {Number(difference.High!.Value)}] over {difference.Tasks} task(s)")
                : $"{difference.Arm} − {difference.Reference}: {difference.Note}");
        }

        Console.WriteLine(comparison.Method);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
