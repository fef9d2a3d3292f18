using System.Runtime.InteropServices;

namespace Dgm.Runner.Processes;

/// <summary>The system calls the runner needs that .NET does not expose.</summary>
internal static partial class Native
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int PrSetChildSubreaper = 36;
    private const int WNoHang = 1;

    /// <summary>
    /// Makes orphaned descendants (a daemon that double-forked, a process whose parent died) our children instead of
    /// init's, so every process a step started stays findable below the runner and can be stopped.
    /// </summary>
    public static bool BecomeSubreaper() => Prctl(PrSetChildSubreaper, 1, 0, 0, 0) == 0;

    public static bool Kill(int pid, int signal) => KillProcess(pid, signal) == 0;

    /// <summary>Reaps one exited child (a reparented orphan .NET does not track); false when it is not a finished child of ours.</summary>
    public static bool Reap(int pid) => WaitPid(pid, out _, WNoHang) == pid;

    public static uint EffectiveUserId() => GetEffectiveUserId();

    /// <summary>The largest resident set (bytes) of any child this process waited for.</summary>
    public static long ChildrenPeakMemoryBytes()
    {
        // struct rusage: two timevals (32 bytes), then ru_maxrss in kilobytes.
        Span<long> usage = stackalloc long[18];
        return GetResourceUsage(-1, usage) == 0 ? usage[4] * 1024 : 0;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, Span<long> usage);

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Lchown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillProcess(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
