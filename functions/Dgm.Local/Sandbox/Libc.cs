using System.Runtime.InteropServices;

namespace Dgm.Local.Sandbox;

/// <summary>The few system calls the sandbox needs that .NET does not expose: signals by pid, tmpfs mounts, keyrings, ownership.</summary>
internal static class Libc
{
    public const int SigKill = 9;

    private const int MntDetach = 2;

    /// <summary>Sends SIGKILL; false when the process is already gone.</summary>
    public static bool Kill(int pid) => kill(pid, SigKill) == 0;

    public static void MountTmpfs(string target, long sizeBytes)
    {
        if (mount("dgm-job", target, "tmpfs", 0, $"size={sizeBytes},mode=0755") != 0)
        {
            throw new IOException($"mount tmpfs on {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Detaches a mount (lazily, so a process still holding a file open cannot make it fail).</summary>
    public static void Unmount(string target)
    {
        if (umount2(target, MntDetach) != 0)
        {
            throw new IOException($"umount {target} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Gives the calling thread a new, empty session keyring, which the processes it forks inherit: a job never sees
    /// the keys of the host's session or of an earlier job. Keyrings belong to a thread's credentials, so only the
    /// sandbox's launcher thread is affected.
    /// </summary>
    public static void JoinNewSessionKeyring()
    {
        const long JoinSessionKeyring = 1;
        const int NoSuchCall = 38;
        if (SeccompFilter.Table.OfThisMachine is { } table
            && syscall(table.Numbers["keyctl"], JoinSessionKeyring, 0) < 0
            && Marshal.GetLastPInvokeError() is var errno and not NoSuchCall)
        {
            throw new IOException($"keyctl(KEYCTL_JOIN_SESSION_KEYRING) failed: errno {errno}");
        }
    }

    /// <summary>Changes the owner of a path without following it, so a symlink a job made can never redirect the change.</summary>
    public static void ChangeOwner(string path, int uid, int gid)
    {
        if (lchown(path, uid, gid) != 0)
        {
            throw new IOException($"lchown {path} to {uid}:{gid} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Marks every descriptor above stderr close-on-exec. .NET opens its own that way, but what this process inherited
    /// without the flag (a shell's pipes, a terminal) would otherwise reach every job it starts.
    /// </summary>
    public static void CloseInheritedDescriptorsOnExec()
    {
        const int SetDescriptorFlags = 2;
        const int CloseOnExec = 1;
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            // A descriptor closed meanwhile, or the listing's own, fails harmlessly.
            if (int.TryParse(Path.GetFileName(entry), out var fd) && fd > 2)
            {
                _ = fcntl(fd, SetDescriptorFlags, CloseOnExec);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, long argument1, long argument2);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    private static extern int mount(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string source,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string fileSystemType,
        ulong flags,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string data);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
