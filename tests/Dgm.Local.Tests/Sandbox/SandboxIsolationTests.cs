using System.Net.Sockets;
using System.Text;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Models;
using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Gateway;
using Dgm.Local.Sandbox;
using Dgm.Models.Replay;
using Dgm.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>What a job can see and touch: the network, the environment, the file system.</summary>
public sealed class SandboxIsolationTests
{
    private static readonly string[] Secrets = ["AZURE_CLIENT_SECRET", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY", "DGM_TEST_SECRET"];

    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Only_the_gateway_socket_is_reachable_no_tcp_at_all(string isolation)
    {
        using var gatewayDir = new TempDirectory("dgm-gw");
        var tokens = new GatewayTokens(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var tape = Cassette.Parse(Encoding.UTF8.GetBytes("""
            {"entries":[{"purpose":"solve","scope":"*","turn":1,"response":{"text":"hello from the gateway","usage":{"input":5,"output":5}}}]}
            """), "sandbox-test.json");
        var store = new DiskArtifactStore(gatewayDir.Combine("store"));
        var model = new ModelSpec { Name = "demo" };
        IChatClient client = new MeteredChatClient(new ReplayChatClient(tape), store, model);
        var gateway = new ModelGateway(tokens, (_, _) => Task.FromResult<IChatClient?>(client), time, NullLogger<ModelGateway>.Instance);
        await using var server = await GatewayServer.StartAsync(gateway, gatewayDir.Combine("gw.sock"), loopbackTcp: true);
        var port = server.TcpUrl!.Port;
        using (var reachable = new TcpClient())
        {
            // The listener is really there: only the sandbox can make the connection fail.
            await reachable.ConnectAsync("127.0.0.1", port);
        }

        await using var harness = new SandboxHarness(isolation, gatewaySocket: server.SocketPath);
        var token = tokens.Issue(new GatewayGrant(
            new ModelCallScope { RunId = "r", NodeId = "n", Purpose = ModelPurpose.Solve, JobId = "j", TaskId = "t", TokenBudget = 1000 }, time.GetUtcNow().AddHours(1)));
        // python3 is a test dependency anyway (curl may be missing): raw HTTP over the socket, plain TCP connects.
        var script = $$"""
            import os, socket
            def tcp(host, port):
                try:
                    socket.create_connection((host, port), timeout=3).close()
                    return "connected"
                except OSError as error:
                    return type(error).__name__
            print("url=" + os.environ["DGM_MODEL_URL"])
            gateway = socket.socket(socket.AF_UNIX)
            gateway.connect(os.environ["DGM_MODEL_URL"].removeprefix("unix:"))
            body = b'{"model":"demo","messages":[{"role":"user","content":"hi"}]}'
            head = "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n"
            gateway.sendall(head.format(os.environ["DGM_MODEL_TOKEN"], len(body)).encode() + body)
            answer = b""
            while chunk := gateway.recv(65536):
                answer += chunk
            print(answer.decode(errors="replace"))
            print("loopback=" + tcp("127.0.0.1", {{port}}))
            print("external=" + tcp("1.1.1.1", 53))
            """;
        var job = harness.Job("") with
        {
            Command = ["python3", "-c", script],
            Network = NetworkPolicy.GatewayOnly,
            GatewayToken = token,
        };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, result.Error + result.Output);
        Assert.Contains("url=unix:/run/dgm/gateway.sock", result.Output, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 200 OK", result.Output, StringComparison.Ordinal);
        Assert.Contains("hello from the gateway", result.Output, StringComparison.Ordinal);
        Assert.Matches("loopback=(ConnectionRefusedError|OSError)", result.Output);
        Assert.Matches("external=OSError", result.Output);
        Assert.DoesNotContain("connected", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_job_without_network_gets_no_gateway_socket_and_no_token(string isolation)
    {
        using var gatewayDir = new TempDirectory("dgm-gw");
        var socketPath = gatewayDir.Combine("gw.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        await using var harness = new SandboxHarness(isolation, gatewaySocket: socketPath);

        var result = await harness.RunAsync(harness.Job("ls /run/dgm 2>&1; echo \"token=${DGM_MODEL_TOKEN-unset} url=${DGM_MODEL_URL-unset}\""));

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("No such file or directory", result.Output, StringComparison.Ordinal);
        Assert.Contains("token=unset url=unset", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task The_environment_holds_the_allow_list_and_the_job_variables_but_no_host_secret(string isolation)
    {
        foreach (var secret in Secrets)
        {
            Environment.SetEnvironmentVariable(secret, "planted-secret-" + secret);
        }

        await using var harness = new SandboxHarness(isolation);
        var job = harness.Job("env") with { Environment = new Dictionary<string, string> { ["DGM_TEST_HINT"] = "it's \"quoted\"\nand multi-line" } };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, result.Error);
        Assert.DoesNotContain("planted-secret", result.Output, StringComparison.Ordinal);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, result.Output, StringComparison.Ordinal);
        }

        var variables = result.Output.Split('\n');
        Assert.Contains("HOME=/home/sandbox", variables);
        Assert.Contains("LANG=C.UTF-8", variables);
        Assert.Contains("TMPDIR=/tmp", variables);
        Assert.Contains("DOTNET_CLI_TELEMETRY_OPTOUT=1", variables);
        Assert.Contains("CARGO_HOME=/home/sandbox/.cargo", variables);
        Assert.Contains("NUGET_PACKAGES=/home/sandbox/.nuget/packages", variables);
        Assert.Contains(variables, v => v.StartsWith("PATH=", StringComparison.Ordinal) && v.EndsWith(":/usr/bin:/sbin:/bin", StringComparison.Ordinal));
        Assert.Contains("DGM_TEST_HINT=it's \"quoted\"", variables);
        Assert.Contains("and multi-line", variables);
        Assert.DoesNotContain(variables, v => v.StartsWith("DGM_MODEL_TOKEN=", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Only_the_job_directory_is_writable_secrets_are_hidden_and_tmp_is_small(string isolation)
    {
        Assert.Contains("root:", await File.ReadAllTextAsync("/etc/shadow"), StringComparison.Ordinal);
        await using var harness = new SandboxHarness(isolation);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var script = $$"""
            for p in /usr/dgm-x /etc/dgm-x /dgm-x /bin/dgm-x /run/dgm-x /dev/dgm-x /home/dgm-x {{home}}/.cargo/dgm-x /proc/sys/kernel/dgm-x; do
              (echo x > "$p") 2>/dev/null && echo "WROTE $p"
            done
            v=$(cat /proc/sys/kernel/printk_ratelimit); (echo "$v" > /proc/sys/kernel/printk_ratelimit) 2>/dev/null && echo "WROTE sysctl"
            mount -t tmpfs x /usr 2>/dev/null && echo "MOUNTED"
            echo x > /job/ok && echo job-writable
            echo x > /home/sandbox/ok && echo home-writable
            echo "shadow=[$(cat /etc/shadow 2>&1)]"
            dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1 | grep -o 'No space left on device'
            df -k /tmp | tail -1
            grep CapEff /proc/self/status
            ps -e --no-headers | wc -l
            """;

        var result = await harness.RunAsync(harness.Job(script));

        Assert.True(result.Succeeded, result.Error);
        Assert.DoesNotContain("WROTE", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MOUNTED", result.Output, StringComparison.Ordinal);
        Assert.Contains("job-writable", result.Output, StringComparison.Ordinal);
        Assert.Contains("home-writable", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", result.Output, StringComparison.Ordinal);
        Assert.Contains("No space left on device", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\s16384\s.*\s/tmp\n", result.Output);
        Assert.Contains("CapEff:\t0000000000000000", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists("/usr/dgm-x") || File.Exists("/etc/dgm-x") || File.Exists("/dgm-x"));
        // Only the job's own processes are visible (shell, ps, wc and the isolation's init), not the host's.
        Assert.InRange(int.Parse(result.Output.Trim().Split('\n')[^1], System.Globalization.CultureInfo.InvariantCulture), 1, 8);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Host_files_others_may_not_read_are_hidden_under_the_bound_system_folders(string isolation)
    {
        var name = $"dgm-private-{Guid.NewGuid():N}";
        var file = $"/etc/{name}.key";
        var folder = $"/etc/{name}";
        try
        {
            File.WriteAllText(file, "PRIVATE-FILE");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute);
            File.WriteAllText($"{folder}/secret", "PRIVATE-FOLDER");
            File.SetUnixFileMode($"{folder}/secret", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            await using var harness = new SandboxHarness(isolation);

            var result = await harness.RunAsync(harness.Job($"cat {file} {folder}/secret 2>&1; ls -A {folder}; cat /etc/hostname >/dev/null && echo public-readable"));

            Assert.True(result.Succeeded, result.Error);
            Assert.DoesNotContain("PRIVATE", result.Output, StringComparison.Ordinal);
            Assert.Contains("public-readable", result.Output, StringComparison.Ordinal);
            Assert.Equal("PRIVATE-FILE", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Keyrings are kernel state outside every namespace but the user namespace: a grade job once left the hidden tests in a key for the next job.</summary>
    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Each_job_has_keyrings_of_its_own_so_no_key_reaches_the_next_job_or_the_host(string isolation)
    {
        var description = $"dgm-hidden-tests-{Guid.NewGuid():N}";
        await using var harness = new SandboxHarness(isolation);

        var planted = await harness.RunAsync(harness.Job($"python3 -c '{KeyScript}' add {description}"));
        var read = await harness.RunAsync(harness.Job($"python3 -c '{KeyScript}' search {description}"));

        Assert.True(planted.Succeeded && read.Succeeded, planted.Output + read.Output);
        // The seccomp filter refuses keyrings outright (behind it, the job's keyrings are its own anyway).
        Assert.Matches("session=-1 errno=1 user=-1 errno=1", planted.Output);
        Assert.Matches("session=-1 errno=(126|1) user=-1 errno=(126|1)", read.Output);
        var host = await ProcessRunner.RunAsync("python3", ["-c", KeyScript, "search", description], "/", TimeSpan.FromSeconds(30));
        Assert.Matches("session=-1 errno=126 user=-1 errno=126", host.Output);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_job_is_not_root_and_cannot_mount_or_make_namespaces_yet_runs_threads_and_processes(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var script = """
            import ctypes, os, subprocess, threading
            libc = ctypes.CDLL(None, use_errno=True)
            def call(name, *args):
                result = libc.syscall(*args)
                print(f"{name}={result} errno={ctypes.get_errno() if result < 0 else 0}")
            print(f"uid={os.getuid()} gid={os.getgid()} euid={os.geteuid()}")
            print(open("/proc/self/status").read().split("Seccomp:")[1].split()[0].join(["seccomp=", ""]))
            call("mount", 165, b"none", b"/tmp", b"tmpfs", 0, None)
            call("unshare_net", 272, 0x40000000)
            call("unshare_user", 272, 0x10000000)
            call("io_uring_setup", 425, 1, ctypes.create_string_buffer(120))
            call("ptrace_peek", 101, 2, os.getpid(), 0, 0)
            worker = threading.Thread(target=lambda: print("thread=ran"))
            worker.start(); worker.join()
            print("process=" + subprocess.run(["echo", "ran"], capture_output=True, text=True).stdout.strip())
            """;
        var job = harness.Job("") with { Command = ["python3", "-c", script] };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, result.Error + result.Output);
        Assert.Contains("uid=1000 gid=1000 euid=1000", result.Output, StringComparison.Ordinal);
        Assert.Contains("seccomp=2", result.Output, StringComparison.Ordinal);
        Assert.Contains("mount=-1 errno=1", result.Output, StringComparison.Ordinal);
        Assert.Contains("unshare_net=-1 errno=1", result.Output, StringComparison.Ordinal);
        Assert.Contains("unshare_user=-1 errno=1", result.Output, StringComparison.Ordinal);
        Assert.Contains("io_uring_setup=-1 errno=1", result.Output, StringComparison.Ordinal);
        Assert.Contains("ptrace_peek=-1 errno=1", result.Output, StringComparison.Ordinal);
        Assert.Contains("thread=ran", result.Output, StringComparison.Ordinal);
        Assert.Contains("process=ran", result.Output, StringComparison.Ordinal);
    }

    /// <summary>x32 call numbers (x86-64's other ABI) would slip past the filter's table, so the filter kills the job instead.</summary>
    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task An_x32_system_call_kills_the_job(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        // x32 getpid; the kernel would answer it (or refuse it with ENOSYS) if no filter stood in the way.
        var job = harness.Job("") with { Command = ["python3", "-c", "import ctypes; ctypes.CDLL(None).syscall(0x40000000 | 39); print('survived')"] };

        var result = await harness.RunAsync(job);

        Assert.True(result.Error is null, result.Error);
        Assert.Equal(128 + 31, result.ExitCode); // SIGSYS
        Assert.DoesNotContain("survived", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task The_command_inherits_no_descriptor_of_the_setup(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        // A descriptor this process holds without close-on-exec, as one inherited from a shell would be.
        var inherited = dup(1);
        Assert.True(inherited > 5, $"dup: {inherited}");
        try
        {
            var result = await harness.RunAsync(harness.Job("ls /proc/self/fd"));

            // The launcher opens the status file as fd 4 and the seccomp program as fd 5; the setup closes both. What
            // remains is the standard streams and (where ls lists its own) the listing's.
            var open = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("2", open);
            Assert.Empty(open.Except(["0", "1", "2", "3"]));
        }
        finally
        {
            _ = close(inherited);
        }
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int dup(int fd);

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int close(int fd);

    /// <summary>Behind the filter (here unshare without it), a job's keyrings are its own: a key one job adds, the next never finds.</summary>
    [Fact]
    public async Task Without_the_filter_a_jobs_keys_stay_in_its_own_keyrings()
    {
        var description = $"dgm-hidden-tests-{Guid.NewGuid():N}";
        await using var harness = new SandboxHarness("unshare");
        var sandbox = harness.NewSandbox(harness.Options with { PerlPath = "/nonexistent/perl" });

        var planted = await RunAsync(sandbox, harness.Job($"python3 -c '{KeyScript}' add {description}"));
        var read = await RunAsync(sandbox, harness.Job($"python3 -c '{KeyScript}' search {description}"));

        Assert.Matches("session=[1-9][0-9]* errno=0 user=[1-9][0-9]* errno=0", planted.Output);
        Assert.Matches("session=-1 errno=126 user=-1 errno=126", read.Output);
    }

    private static async Task<SandboxJobResult> RunAsync(LocalSandbox sandbox, SandboxJob job)
    {
        var handle = await sandbox.StartAsync(job);
        var result = await sandbox.CollectAsync(handle);
        await sandbox.DeleteAsync(handle);
        return result;
    }

    /// <summary>A host without perl runs unshare jobs as before, without the filter, and the result says so.</summary>
    [Fact]
    public async Task Without_perl_unshare_jobs_run_unfiltered_and_say_so()
    {
        await using var harness = new SandboxHarness("unshare");
        var sandbox = harness.NewSandbox(harness.Options with { PerlPath = "/nonexistent/perl" });
        var result = await RunAsync(sandbox, harness.Job("grep ^Seccomp: /proc/self/status"));

        Assert.True(result.Succeeded, result.Error + result.Output);
        Assert.Equal("unshare (no seccomp filter (perl is missing))", result.Isolation);
        Assert.Matches("^Seccomp:\\s+0\n$", result.Output);
    }

    /// <summary>"add NAME" adds a key to the session and user keyrings; "search NAME" looks for it there. x86-64 call numbers.</summary>
    internal const string KeyScript = """
        import ctypes, sys
        libc = ctypes.CDLL(None, use_errno=True)
        action, name = sys.argv[1], sys.argv[2].encode()
        found = []
        for ring in (-3, -4):
            if action == "add":
                result = libc.syscall(248, b"user", name, b"hidden tests", 12, ctypes.c_int(ring))
            else:
                result = libc.syscall(250, 10, ctypes.c_int(ring), b"user", name, 0)
            found.append(f"{result} errno={ctypes.get_errno() if result < 0 else 0}")
        print(f"session={found[0]} user={found[1]}")
        """;
}
