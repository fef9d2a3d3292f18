using Spectre.Console;

namespace Dgm.Cli.Output;

/// <summary>
/// Shows a <see cref="CommandProgress"/> while its work runs: a live line on a terminal, refreshed so the elapsed time
/// ticks; plain lines when the output is redirected to a log, one whenever another whole percent is done and one at
/// the end.
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <param name="measure">Updates the count before each look, for work that does not count itself.</param>
    public static async Task<T> ShowAsync<T>(CommandProgress progress, Func<Task<T>> work, Func<Task>? measure = null)
    {
        if (Console.IsOutputRedirected)
        {
            (int Percent, int Done) printed = (-1, -1);
            return await FollowAsync(progress, work, measure, Console.WriteLine, finished =>
            {
                if (progress.Percent != printed.Percent || (finished && progress.Done != printed.Done))
                {
                    printed = (progress.Percent, progress.Done);
                    Console.WriteLine(progress.Describe());
                }
            });
        }

        var result = await AnsiConsole.Status().StartAsync(Markup.Escape(progress.Describe()), status =>
            FollowAsync(progress, work, measure, line => AnsiConsole.MarkupLine(Markup.Escape(line)), _ => status.Status(Markup.Escape(progress.Describe()))));

        // The live line goes with the display; the last count and the time taken stay.
        AnsiConsole.MarkupLine(Markup.Escape(progress.Describe()));
        return result;
    }

    private static async Task<T> FollowAsync<T>(CommandProgress progress, Func<Task<T>> work, Func<Task>? measure, Action<string> print, Action<bool> show)
    {
        var running = work();
        while (true)
        {
            // Seen before the last look, so the final count is always shown.
            var finished = running.IsCompleted;
            if (measure is not null)
            {
                await measure();
            }

            foreach (var line in progress.TakeLines())
            {
                print(line);
            }

            show(finished);
            if (finished)
            {
                return await running;
            }

            await Task.WhenAny(running, Task.Delay(Tick));
        }
    }
}
