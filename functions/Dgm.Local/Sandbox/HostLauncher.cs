using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Dgm.Local.Sandbox;

/// <summary>
/// Starts an isolation program through a tiny /bin/sh wrapper that first joins the job's cgroups (so not one fork
/// escapes them), sets the per-process rlimits, sends stderr into stdout (our single output pipe) and opens the
/// status file as fd 4 (and the spec's fd 5 file), then execs the program with an environment of just PATH.
/// Processes are forked from one dedicated, never-ending thread: bwrap --die-with-parent and setpriv --pdeathsig
/// fire when the forking *thread* exits, and a thread-pool thread would retire and kill a healthy job. Each job
/// starts with a session keyring of its own (the thread joins a new one before each fork) and with no descriptor of
/// ours but its standard streams and the wrapper's own.
/// </summary>
internal static class HostLauncher
{
    private const string Wrapper = """
        exec 2>&1 4>"$1"
        ulimit -c 0 && ulimit -t "$2" && ulimit -f "$3" || exit 125
        if [ "$4" != - ]; then exec 5<"$4" || exit 125; fi
        shift 4
        while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done
        shift
        exec "$@"
        """;

    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = [];

    static HostLauncher()
    {
        new Thread(Run) { IsBackground = true, Name = "dgm-sandbox-launcher" }.Start();
    }

    /// <param name="cpuSeconds">RLIMIT_CPU of every process.</param>
    /// <param name="fileSizeBytes">RLIMIT_FSIZE of every process; null for unlimited.</param>
    /// <param name="cgroupProcsFiles">cgroup.procs files the wrapper joins before exec.</param>
    public static Task<Process> StartAsync(LaunchSpec spec, string statusFile, long cpuSeconds, long? fileSizeBytes, IReadOnlyList<string> cgroupProcsFiles)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            // sh exports PWD; the host's working directory is none of the job's business.
            WorkingDirectory = "/",
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Wrapper);
        info.ArgumentList.Add("dgm-sandbox");
        info.ArgumentList.Add(statusFile);
        info.ArgumentList.Add(cpuSeconds.ToString(CultureInfo.InvariantCulture));
        // ulimit -f counts 512-byte blocks.
        info.ArgumentList.Add(fileSizeBytes is { } bytes ? ((bytes + 511) / 512).ToString(CultureInfo.InvariantCulture) : "unlimited");
        info.ArgumentList.Add(spec.Fd5File ?? "-");
        foreach (var file in cgroupProcsFiles)
        {
            info.ArgumentList.Add(file);
        }

        info.ArgumentList.Add("--");
        info.ArgumentList.Add(spec.Program);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task;
    }

    private static void Run()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                Libc.JoinNewSessionKeyring();
                Libc.CloseInheritedDescriptorsOnExec();
                started.SetResult(Process.Start(info)!);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                started.SetException(ex);
            }
        }
    }
}
