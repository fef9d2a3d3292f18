using Dgm.Core.Benchmarks;

namespace Dgm.Core.Harness;

/// <summary>Tells whether the sandboxes of this host can run a command; tasks whose toolchain is missing are skipped and listed.</summary>
public interface IToolchainProbe
{
    /// <summary>Whether a command is on the sandbox's PATH, or an absolute path (a jar, a tool folder) exists there.</summary>
    bool IsAvailable(string command);

    /// <summary>What this host's <paramref name="command"/> is (which file, its size and time), so a verification made with another is not reused.</summary>
    string Identify(string command) => IsAvailable(command) ? "available" : "missing";

    /// <summary>Whether the sandbox runs jobs in the task's own container image (which brings its own toolchain).</summary>
    bool RunsImages => false;
}

public static class ToolchainProbeExtensions
{
    /// <summary>Why this host's sandboxes cannot run <paramref name="task"/> (a container image, or missing commands); null when they can.</summary>
    public static string? WhyNotRunnable(this IToolchainProbe probe, BenchmarkTask task)
    {
        if (task.Image is not null)
        {
            return probe.RunsImages ? null : $"{task.Id} (needs container image {task.Image}, which only --sandbox docker runs here)";
        }

        var missing = task.Toolchain.Where(c => !probe.IsAvailable(c))
            .Select(c => task.ToolchainProviders.TryGetValue(c, out var provider) ? $"{c}: {provider}" : c)
            .ToList();
        return missing.Count > 0 ? $"{task.Id} (missing {string.Join("; ", missing)})" : null;
    }
}
