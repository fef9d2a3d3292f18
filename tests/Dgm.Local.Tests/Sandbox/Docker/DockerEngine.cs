using System.Diagnostics;
using Dgm.Testing;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>
/// A Docker Engine of the tests' own: dockerd (Debian's docker.io, as root) with its own data root, socket and exec
/// root under a temp folder, the storage driver dockerd picks (overlay2 where the kernel has it: a container is then
/// a thin layer, not vfs's full copy of its image) and no networking setup, stopped and deleted at the end. Its one image,
/// <see cref="Image"/>, is imported from a Debian minbase root file system (debootstrap, with Python, pytest and git
/// for the DGM's grade step), built once per machine and cached as a tarball: no registry is ever contacted.
/// When dockerd or debootstrap is missing, or the Engine does not start, the fixture fails (never skips), naming the fix.
/// </summary>
public class DockerEngine : IAsyncLifetime
{
    public const string Image = "dgm-test-base";

    private const string Fix = "install Docker and debootstrap (infra/install-test-deps.sh: apt-get install docker.io debootstrap) and run the tests as root";

    private static readonly string[] Packages = ["python3", "python3-pytest", "python3-setuptools", "git", "libicu72"];

    private readonly TempDirectory _dir = new("dgm-docker");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> _built = new(StringComparer.Ordinal);
    private readonly bool _remapped;
    private Process? _daemon;

    public DockerEngine()
        : this(remapped: false)
    {
    }

    /// <param name="remapped">Run dockerd with <c>--userns-remap=default</c> (it adds the dockremap user and its subordinate ids on first use).</param>
    protected DockerEngine(bool remapped) => _remapped = remapped;

    public Uri Endpoint => new("unix://" + _dir.Combine("docker.sock"));

    public DockerClient NewClient() => new DockerClientBuilder().WithEndpoint(Endpoint).Build();

    /// <summary>
    /// Our sandbox image (infra/sandbox/Dockerfile, the six languages' toolchains), built once per Engine by
    /// build-local.sh as a machine without a registry builds it: on stand-ins, the Debian one from the tests' cached
    /// root file system, with the runner the tests ship. Debian's mirror, NuGet and npm are its only downloads.
    /// </summary>
    public Task<string> SandboxImageAsync() => OnceAsync("dgm-test-sandbox", async () =>
    {
        const string Tag = "dgm-test-sandbox";
        await RunAsync(
            "bash",
            [RepositoryRoot.Combine("infra", "sandbox", "build-local.sh"), "--tag", Tag, "--stand-ins", "--rootfs", await BaseImageTarballAsync(), "--runner", RunnerBinary.Path, "--host-cas"],
            new Dictionary<string, string> { ["DOCKER_HOST"] = Endpoint.ToString() });
        return Tag;
    });

    /// <summary>Builds what <paramref name="name"/> names once per Engine, so tests that need the same images share one build.</summary>
    public Task<string> OnceAsync(string name, Func<Task<string>> build) => _built.GetOrAdd(name, _ => new Lazy<Task<string>>(build)).Value;

    public async Task InitializeAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException($"The Docker sandbox tests start their own dockerd, which needs root: {Fix}.");
        }

        var rootfs = await BaseImageTarballAsync();
        var start = new ProcessStartInfo(Program("dockerd"))
        {
            ArgumentList =
            {
                "--data-root", _dir.Combine("data"), "--exec-root", _dir.Combine("exec"), "--pidfile", _dir.Combine("docker.pid"),
                "--host", Endpoint.ToString(), "--iptables=false", "--ip-masq=false", "--bridge=none",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_remapped)
        {
            start.ArgumentList.Add("--userns-remap=default");
            // The remapped root must pass through the data root's parents (dockerd refuses to start otherwise).
            File.SetUnixFileMode(_dir.Path, File.GetUnixFileMode(_dir.Path) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        _daemon = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        _daemon.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _daemon.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        _daemon.BeginErrorReadLine();
        _daemon.BeginOutputReadLine();

        using var client = NewClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.System.PingAsync();
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException or DockerApiException or TimeoutException)
            {
                if (_daemon.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    string text;
                    lock (log)
                    {
                        text = log.ToString();
                    }

                    throw new InvalidOperationException($"dockerd did not come up ({ex.Message}); {Fix}. Its log:\n{text}");
                }

                await Task.Delay(100);
            }
        }

        await using var tarball = File.OpenRead(rootfs);
        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = Image, Tag = "latest" }, tarball, null, new Progress<JSONMessage>());
    }

    public async Task DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            // SIGTERM: dockerd stops its containerd and unmounts what it mounted.
            using (var term = Process.Start("kill", ["-TERM", _daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            if (!_daemon.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _daemon.Kill(entireProcessTree: true);
            }
        }

        _daemon?.Dispose();
        await Task.Run(_dir.Dispose);
    }

    /// <summary>The cached root file system tarball, made with debootstrap the first time (a few minutes; the mirror is the host's apt source).</summary>
    internal static async Task<string> BaseImageTarballAsync()
    {
        var cache = Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "dgm-tests");
        var tarball = Path.Combine(cache, $"docker-base-bookworm-{string.Join('-', Packages)}.tar");
        if (File.Exists(tarball))
        {
            return tarball;
        }

        Directory.CreateDirectory(cache);
        using var build = new TempDirectory("dgm-debootstrap");
        var rootfs = build.Combine("rootfs");
        await RunAsync(Program("debootstrap"), "--variant=minbase", $"--include={string.Join(',', Packages)}", "bookworm", rootfs, AptMirror());
        // What a container never reads: downloaded packages, package lists, documentation.
        foreach (var directory in new[] { "var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale" })
        {
            var path = Path.Combine(rootfs, directory);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                Directory.CreateDirectory(path);
            }
        }

        var partial = tarball + ".partial";
        await RunAsync("tar", "-C", rootfs, "-cf", partial, ".");
        File.Move(partial, tarball, overwrite: true);
        return tarball;
    }

    /// <summary>The Debian mirror of the host's apt sources (deb822 or one-line), else deb.debian.org.</summary>
    private static string AptMirror()
    {
        var sources = Directory.Exists("/etc/apt/sources.list.d") ? Directory.GetFiles("/etc/apt/sources.list.d") : [];
        var lines = sources.Prepend("/etc/apt/sources.list").Where(File.Exists).SelectMany(File.ReadLines).Select(l => l.Trim());
        foreach (var line in lines)
        {
            var uri = line.StartsWith("URIs:", StringComparison.Ordinal) ? line["URIs:".Length..].Trim().Split(' ')[0]
                : line.StartsWith("deb ", StringComparison.Ordinal) ? line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => f.StartsWith("http", StringComparison.Ordinal))
                : null;
            if (uri is not null && uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal))
            {
                return uri;
            }
        }

        return "http://deb.debian.org/debian";
    }

    private static string Program(string name) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed: {Fix}.");

    private static Task<string> RunAsync(string program, params string[] arguments) => RunAsync(program, arguments, new Dictionary<string, string>());

    /// <summary>Runs a program to its end; returns its output, or throws with its output and errors when it fails.</summary>
    internal static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }

        return await output;
    }
}

[CollectionDefinition(Name)]
public sealed class DockerEngineTests : ICollectionFixture<DockerEngine>
{
    public const string Name = "Docker sandbox on its own dockerd";
}

/// <summary>A second Engine of the tests' own, with user namespaces remapped as the README asks of users' daemons.</summary>
public sealed class RemappedDockerEngine() : DockerEngine(remapped: true);

[CollectionDefinition(Name)]
public sealed class RemappedDockerEngineTests : ICollectionFixture<RemappedDockerEngine>
{
    public const string Name = "Docker sandbox on its own dockerd with userns-remap";
}
