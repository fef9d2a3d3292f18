namespace Dgm.Cli;

/// <summary>What scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>The run completed all its iterations; the command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The run failed, or a verification found a problem.</summary>
    public const int Failed = 1;

    /// <summary>The run stopped early at a limit: a budget, the wall time or the approval gate.</summary>
    public const int Stopped = 2;

    /// <summary>The run (or node) named does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>Bad arguments or an invalid configuration (every problem is listed).</summary>
    public const int Usage = 64;

    /// <summary>Interrupted (Ctrl+C); `dgm resume` continues the run.</summary>
    public const int Interrupted = 130;
}
