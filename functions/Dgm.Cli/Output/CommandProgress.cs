using System.Collections.Concurrent;
using System.Globalization;

namespace Dgm.Cli.Output;

/// <summary>
/// How far a long command is: items done of a known total, the time elapsed, and the rest estimated from the mean
/// time per item so far. Workers count (from any thread) and leave lines to print; <see cref="ProgressView"/> shows it.
/// </summary>
internal sealed class CommandProgress(string activity, int total, string unit, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentQueue<string> _lines = new();
    private int _done;

    public int Done => Volatile.Read(ref _done);

    /// <summary>Whole percent done: plain lines are printed when it changes, so a log stays short for any total.</summary>
    public int Percent => total == 0 ? 100 : (int)(100L * Done / total);

    /// <summary>One more item done, and a line about it to print (above the live line on a terminal).</summary>
    public void Advance(string? line = null)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }

        Interlocked.Increment(ref _done);
    }

    /// <summary>The count as measured somewhere else (a poll of the store).</summary>
    public void Report(int done) => Volatile.Write(ref _done, done);

    /// <summary>The lines left by <see cref="Advance"/> since the last call.</summary>
    public IEnumerable<string> TakeLines()
    {
        while (_lines.TryDequeue(out var line))
        {
            yield return line;
        }
    }

    /// <summary>e.g. <c>verifying starter: 12/30 tasks, 1m 05s elapsed, about 1m 37s left</c>.</summary>
    public string Describe()
    {
        var elapsed = time.GetElapsedTime(_started);
        var done = Done;
        var line = string.Create(CultureInfo.InvariantCulture, $"{activity}: {done}/{total} {unit}, {Duration(elapsed)} elapsed");
        return done > 0 && done < total ? $"{line}, about {Duration(elapsed / done * (total - done))} left" : line;
    }

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h {span.Minutes:00}m"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m {span.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.Seconds}s"),
    };
}
