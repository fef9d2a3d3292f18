using Dgm.Core.Configuration;
using Dgm.Reports;
using Dgm.Workflow;
using Spectre.Console;

namespace Dgm.Cli.Output;

/// <summary>What `dgm run` shows while a run is under way: a live status line on a terminal, plain lines in a log.</summary>
internal static class RunView
{
    public static void Started(string runId, RunConfig config, string dataDirectory)
    {
        AnsiConsole.MarkupLine($"[bold]run[/] {Markup.Escape(runId)}  data: {Markup.Escape(dataDirectory)}");
        foreach (var (role, model) in new[] { ("diagnosis", config.Models.Diagnosis), ("coding", config.Models.Coding) })
        {
            AnsiConsole.MarkupLine($"  {role} model: {Markup.Escape(ModelDescription.Of(model))}");
        }

        var loop = config.Loop == LoopKind.Steady
            ? $"steady loop: {config.TotalChildren} child(ren), {config.ChildrenAtOnce} at once, each committed as iteration 1, 2, … in the order they end"
            : $"{config.Iterations} iteration(s) × {config.ChildrenPerIteration} child(ren)";
        AnsiConsole.MarkupLine($"  {Markup.Escape(loop)}, policy {System.Text.Json.JsonSerializer.Serialize(config.Selection.Policy, Dgm.Core.DgmJson.Compact).Trim('"')}, suite {Markup.Escape(config.Benchmark.Suite)}, seed {config.Seed}");
    }

    public static async Task<RunOutcome> FollowAsync(Func<Action<RunProgress>, Task<RunOutcome>> wait)
    {
        string? last = null;
        void Print(RunProgress p)
        {
            var line = Describe(p);
            if (line != last)
            {
                Console.WriteLine(line);
                last = line;
            }
        }

        if (Console.IsOutputRedirected)
        {
            return await wait(Print);
        }

        RunOutcome? outcome = null;
        await AnsiConsole.Status().StartAsync("starting", async status =>
        {
            outcome = await wait(p =>
            {
                var line = Describe(p);
                status.Status(Markup.Escape(line));
                if (p.Phase == "committed" && line != last)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(line));
                }

                last = line;
            });
        });
        return outcome!;
    }

    internal static string Describe(RunProgress p) =>
        $"iteration {p.Iteration}: {p.Phase}" +
        (p.ChildrenInFlight > 0 ? $", {p.ChildrenInFlight} in flight" : "") +
        (p.BestNodeId is null ? "" : $", best {p.BestNodeId} {p.BestAccuracy:0.###}") +
        $", spent ${p.DollarsSpent:0.####} and {p.TokensSpent:N0} tokens";
}
