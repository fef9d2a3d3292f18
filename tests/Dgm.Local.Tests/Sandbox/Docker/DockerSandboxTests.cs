using System.Net.Sockets;
using System.Text;
using Dgm.Core.Sandbox;
using Dgm.Local.Gateway;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Testing;
using Docker.DotNet.Models;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>What only the Docker sandbox must show beyond the contract: its limits, its isolation and its containers' lifecycle.</summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerSandboxTests(DockerEngine engine)
{
    [Fact]
    public async Task A_memory_hog_is_stopped_and_reported()
    {
        await using var harness = new DockerHarness(engine);

        // 512 MB of anonymous memory written from user space (a fault inside a system call, as dd's read of /dev/zero
        // takes, may just fail the call under the cgroup's limit), against a 64 MB limit.
        var result = await harness.RunAsync(harness.Job("python3 -c \"b = b'x' * (512 << 20)\"; echo survived", SandboxHarness.Limits(memoryMb: 64)));

        Assert.Equal(LimitHit.Memory, result.LimitsHit);
        Assert.Null(result.ExitCode);
        Assert.DoesNotContain("survived", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fork_bomb_is_contained_and_reported()
    {
        await using var harness = new DockerHarness(engine);

        // The job's shell forks once, for the bomb's subshell, then becomes `sleep` without forking: a job that ends at
        // once takes its cgroup, and the record of refused forks, with it before the supervisor looks (see the README's
        // known limits). Calling the bomb in the job's shell would have it fork each side of the first pipe itself, and
        // under load the second fork can already be refused, ending the job.
        var result = await harness.RunAsync(harness.Job("bomb() { bomb | bomb & }; (bomb) & exec sleep 30", SandboxHarness.Limits(wallSeconds: 40, processes: 48)));

        Assert.True(result.LimitsHit.HasFlag(LimitHit.Processes), $"{result.LimitsHit}: {result.Output}");
        Assert.Null(result.ExitCode);
        Assert.True(result.Usage.WallSeconds < 30, "stopped at the limit, not at the deadline");
    }

    [Fact]
    public async Task A_disk_filler_is_stopped_at_its_size()
    {
        await using var harness = new DockerHarness(engine);

        var result = await harness.RunAsync(harness.Job("dd if=/dev/zero of=fill bs=1M count=200; sleep 30", SandboxHarness.Limits(wallSeconds: 40, diskMb: 16)));

        Assert.True(result.LimitsHit.HasFlag(LimitHit.Disk), $"{result.LimitsHit}: {result.Output}");
        Assert.True(result.Usage.WallSeconds < 30, "stopped at the limit, not at the deadline");
    }

    [Fact]
    public async Task The_job_is_the_sandbox_user_owns_only_its_own_files_and_has_no_network_and_no_capabilities()
    {
        await using var harness = new DockerHarness(engine);

        var result = await harness.RunAsync(harness.Job(
            "echo uid=$(id -u) gid=$(id -g); touch work-file && echo work-writable; touch $HOME/home-file && echo home-writable; " +
            "head -c1 /etc/shadow >/dev/null 2>&1 && echo shadow-readable; " +
            "touch /etc/x 2>/dev/null && echo root-writable; ls /sys/class/net; grep CapEff /proc/self/status; " +
            "python3 -c 'import socket; socket.create_connection((\"1.1.1.1\", 53), 2)' 2>&1 | tail -1"));

        Assert.True(result.Succeeded, $"{result.Error} {result.Output}");
        Assert.Contains("uid=1000 gid=1000", result.Output, StringComparison.Ordinal);
        Assert.Contains("work-writable", result.Output, StringComparison.Ordinal);
        Assert.Contains("home-writable", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("shadow-readable", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("root-writable", result.Output, StringComparison.Ordinal);
        Assert.Equal(["lo"], result.Output.Split('\n').Where(l => l is "lo" or "eth0"));
        Assert.Contains("CapEff:\t0000000000000000", result.Output, StringComparison.Ordinal);
        Assert.Contains("Network is unreachable", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_job_reaches_the_gateway_socket_and_nothing_else()
    {
        using var dir = new TempDirectory("dgm-docker-gateway");
        var socketPath = dir.Combine("gateway.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        File.SetUnixFileMode(socketPath, GatewayServer.SocketMode);
        var received = ReceiveAsync(listener);
        await using var harness = new DockerHarness(engine, gatewaySocket: socketPath);
        var job = harness.Job(
            "echo url=$DGM_MODEL_URL token=$DGM_MODEL_TOKEN; " +
            "python3 -c 'import socket; s = socket.socket(socket.AF_UNIX); s.connect(\"/run/dgm/gateway.sock\"); s.sendall(b\"hello gateway\")'") with
        {
            Network = NetworkPolicy.GatewayOnly,
            GatewayToken = "scoped-token",
        };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, $"{result.Error} {result.Output}");
        Assert.Contains("url=unix:/run/dgm/gateway.sock token=scoped-token", result.Output, StringComparison.Ordinal);
        Assert.Equal("hello gateway", await received.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_container_is_deleted_after_success_after_a_limit_and_after_a_failed_start()
    {
        await using var harness = new DockerHarness(engine);

        await harness.RunAsync(harness.Job("echo fine"));
        await harness.RunAsync(harness.Job("sleep 300", SandboxHarness.Limits(wallSeconds: 1)));
        await Assert.ThrowsAnyAsync<Exception>(() => harness.Sandbox.StartAsync(harness.Job("ignored") with { Command = ["/no/such/program"] }));

        Assert.Empty(await harness.ContainersAsync());
        Assert.Empty(await harness.Sandbox.ListAsync(DockerHarness.Run));
    }

    [Fact]
    public async Task A_labelled_orphan_is_listed_and_deleted()
    {
        await using var harness = new DockerHarness(engine);
        using var client = engine.NewClient();
        // What a dead process leaves: a container of the run, no supervisor, no job folder.
        await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = DockerEngine.Image,
            Entrypoint = ["sleep", "300"],
            Labels = new Dictionary<string, string> { ["dgm.run"] = DockerHarness.Run, ["dgm.job"] = "orphan" },
        });
        var fresh = new DockerSandbox(harness.Store, harness.Files, harness.Options);

        var listed = Assert.Single(await fresh.ListAsync(DockerHarness.Run));
        Assert.Equal("orphan", listed.JobId);
        await fresh.DeleteAsync(listed);

        Assert.Empty(await harness.ContainersAsync());
        Assert.Empty(await fresh.ListAsync(DockerHarness.Run));
        await fresh.DisposeAsync();
    }

    [Fact]
    public async Task Before_its_first_job_a_sandbox_removes_the_containers_of_dead_dgm_processes_and_only_those_and_copies_of_gone_images()
    {
        await using var harness = new DockerHarness(engine);
        using var client = engine.NewClient();
        using var exited = System.Diagnostics.Process.Start("sleep", "60");
        var dead = $"{File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim()}/{exited.Id}/{ProcFs.Read(exited.Id)!.StartTime}";
        exited.Kill();
        await exited.WaitForExitAsync();
        foreach (var (job, owner) in new[] { ("of-a-dead-process", dead), ("of-a-live-process", ContainerOwner.Current), ("of-another-host", "other-boot/1/1") })
        {
            await client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = DockerEngine.Image,
                Entrypoint = ["sleep", "300"],
                Labels = new Dictionary<string, string> { ["dgm.run"] = DockerHarness.Run, ["dgm.job"] = job, ["dgm.owner"] = owner },
            });
        }

        // Copies of image folders: one of an image the Engine has, one of an image it no longer has.
        var copies = Directory.CreateDirectory(Path.Combine(harness.Files.Root, ".image-folders")).FullName;
        var image = (await client.Images.InspectImageAsync(DockerEngine.Image)).ID.Replace("sha256:", "", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(copies, $"{image}-0123456789abcdef.tar"), "kept");
        File.WriteAllText(Path.Combine(copies, $"{new string('e', 64)}-0123456789abcdef.tar"), "gone");

        await using var fresh = new DockerSandbox(harness.Store, harness.Files, harness.Options);
        var handle = await fresh.StartAsync(harness.Job("true"));
        await fresh.DeleteAsync(handle);

        Assert.Equal(["of-a-live-process", "of-another-host"], (await harness.ContainersAsync()).Select(c => c.Labels["dgm.job"]).Order(StringComparer.Ordinal));
        Assert.Equal([$"{image}-0123456789abcdef.tar"], Directory.GetFiles(copies).Select(Path.GetFileName));
        foreach (var left in await fresh.ListAsync(DockerHarness.Run))
        {
            await fresh.DeleteAsync(left);
        }
    }

    [Fact]
    public async Task A_job_whose_image_is_missing_fails_naming_the_image_and_the_pull_command()
    {
        await using var harness = new DockerHarness(engine);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Sandbox.StartAsync(harness.Job("true") with { Image = "swebench/sweb.eval.x86_64.missing:latest" }));

        Assert.Contains("'swebench/sweb.eval.x86_64.missing:latest'", error.Message, StringComparison.Ordinal);
        Assert.Contains("docker pull swebench/sweb.eval.x86_64.missing:latest", error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.ContainersAsync());
    }

    [Fact]
    public async Task Keyring_calls_are_refused_so_no_key_reaches_the_next_job()
    {
        await using var harness = new DockerHarness(engine);
        var description = $"dgm-hidden-tests-{Guid.NewGuid():N}";

        var planted = await harness.RunAsync(harness.Job($"python3 -c '{SandboxIsolationTests.KeyScript}' add {description}"));
        var read = await harness.RunAsync(harness.Job($"python3 -c '{SandboxIsolationTests.KeyScript}' search {description}"));

        // Docker's default seccomp profile refuses the keyring calls (EPERM), as our filter does in the process sandboxes.
        Assert.True(planted.Succeeded && read.Succeeded, planted.Output + read.Output);
        Assert.Matches("session=-1 errno=1 user=-1 errno=1", planted.Output);
        Assert.Matches("session=-1 errno=1 user=-1 errno=1", read.Output);
    }

    [Fact]
    public async Task Each_job_changes_its_own_copies_of_its_image_folders_and_nothing_else_of_the_image()
    {
        await using var harness = new DockerHarness(engine);
        // Two folders of the base image, as SWE-bench's /testbed and its conda environment: one job changes both.
        string[] folders = ["/etc/apt", "/usr/share/debconf"];
        const string Change = "echo changed > /etc/apt/by-job && rm /usr/share/debconf/confmodule && echo copies-writable; " +
            "touch /usr/share/by-job 2>/dev/null && echo image-writable; ls -l /etc/apt/by-job | cut -d' ' -f3";
        const string Look = "ls /etc/apt/by-job 2>/dev/null; test -f /usr/share/debconf/confmodule && echo pristine";

        var changed = await harness.RunAsync(harness.Job(Change) with { Image = DockerEngine.Image, ImageFolders = folders });
        var next = await harness.RunAsync(harness.Job(Look) with { Image = DockerEngine.Image, ImageFolders = folders });

        Assert.True(changed.Succeeded, $"{changed.Error} {changed.Output}");
        Assert.Contains("copies-writable", changed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("image-writable", changed.Output, StringComparison.Ordinal);
        Assert.Contains("1000", changed.Output, StringComparison.Ordinal);
        Assert.True(next.Succeeded, $"{next.Error} {next.Output}");
        Assert.Equal("pristine", next.Output.Trim());
        var nested = await Assert.ThrowsAsync<ArgumentException>(() => harness.Sandbox.StartAsync(harness.Job("true") with { Image = DockerEngine.Image, ImageFolders = ["/etc", "/etc/apt"] }));
        Assert.Contains("'/etc' and '/etc/apt'", nested.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ReceiveAsync(Socket listener)
    {
        using var connection = await listener.AcceptAsync();
        var buffer = new byte[64];
        var text = new StringBuilder();
        int read;
        while ((read = await connection.ReceiveAsync(buffer)) > 0)
        {
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
