using System.Globalization;

namespace Dgm.Runner.Processes;

/// <summary>
/// Who runs the untrusted parts of a step (the agent, the tests). When the runner is root with the capabilities to
/// switch (a container), they run as <see cref="Uid"/> with every capability dropped and no way to regain one, and the
/// runner's own files stay out of their reach. When the runner itself is unprivileged (the local sandbox maps it to
/// an unprivileged host user), they run as the runner does.
/// </summary>
internal sealed class JobUser
{
    public const int Uid = 1000;

    private const int CapChown = 0;
    private const int CapSetGid = 6;
    private const int CapSetUid = 7;

    private readonly string? _setpriv;

    private JobUser(string? setpriv) => _setpriv = setpriv;

    /// <summary>True when untrusted commands run as another user than the runner.</summary>
    public bool Switches => _setpriv is not null;

    public static JobUser Detect(IReadOnlyDictionary<string, string> environment)
    {
        if (Native.EffectiveUserId() != 0 || !HasCapabilities(CapChown, CapSetUid, CapSetGid))
        {
            return new JobUser(null);
        }

        var setpriv = ProgramPath.Find("setpriv", environment)
            ?? throw new StepFailureException("the runner is root in this sandbox but setpriv (util-linux) is not on PATH, so it cannot drop privileges for the agent and the tests");
        return new JobUser(setpriv);
    }

    /// <summary>The command as the job user runs it.</summary>
    public ChildCommand Run(ChildCommand command) =>
        _setpriv is null
            ? command
            : command.Prefixed([_setpriv, $"--reuid={Uid}", $"--regid={Uid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);

    /// <summary>Gives the job user a tree it must write (the workspace, its home); a no-op when nobody switches.</summary>
    public void Own(string path)
    {
        if (_setpriv is null)
        {
            return;
        }

        // lchown: a symlink the tree holds is re-owned itself, never what it points at.
        Lchown(path);
        foreach (var (entry, _) in Dgm.Jobs.Files.TreeWalk.Below(path))
        {
            Lchown(entry);
        }
    }

    private static void Lchown(string path)
    {
        if (Native.Lchown(path, Uid, Uid) != 0)
        {
            throw new StepFailureException($"could not give {path} to the job user (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture)})");
        }
    }

    /// <summary>Whether the effective capability set holds every one of <paramref name="capabilities"/> (bit numbers).</summary>
    private static bool HasCapabilities(params int[] capabilities)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var effective)
            && capabilities.All(c => (effective & (1UL << c)) != 0);
    }
}
