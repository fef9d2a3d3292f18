using Dgm.Local.Doctor;
using Spectre.Console;

namespace Dgm.Cli.Output;

/// <summary>Checks as a table on a terminal, or one plain line each (and its fix) in a log, where a table would wrap.</summary>
internal static class DoctorView
{
    public static void Print(IEnumerable<DoctorCheck> checks)
    {
        if (Console.IsOutputRedirected)
        {
            foreach (var check in checks)
            {
                Console.WriteLine($"{Label(check.Status),-4}  {check.Name}: {check.Detail}");
                if (check.Fix.Length > 0)
                {
                    Console.WriteLine($"      fix: {check.Fix}");
                }
            }

            return;
        }

        var table = new Table().AddColumns("check", "", "found", "fix");
        foreach (var check in checks)
        {
            table.AddRow(Markup.Escape(check.Name), Colored(check.Status), Markup.Escape(check.Detail), Markup.Escape(check.Fix));
        }

        AnsiConsole.Write(table);
    }

    private static string Label(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };

    private static string Colored(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[green]ok[/]",
        CheckStatus.Warn => "[yellow]warn[/]",
        _ => "[red]fail[/]",
    };
}
