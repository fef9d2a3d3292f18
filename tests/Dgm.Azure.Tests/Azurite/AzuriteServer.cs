using System.Diagnostics;
using System.Net.Sockets;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Azurite;

/// <summary>
/// A real Azurite blob service on a free loopback port, in memory, killed on dispose. Azurite comes from the pinned
/// npm manifest in infra/tools; on a machine where it is not installed yet, the first server installs it.
/// </summary>
public sealed class AzuriteServer : IDisposable
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly TempDirectory _workspace;

    private AzuriteServer(Process process, TempDirectory workspace, Uri blobEndpoint)
    {
        _process = process;
        _workspace = workspace;
        BlobEndpoint = blobEndpoint;
    }

    /// <summary>e.g. http://127.0.0.1:51234/devstoreaccount1</summary>
    public Uri BlobEndpoint { get; }

    public string ConnectionString => $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <param name="https">PEM certificate and key paths: serve HTTPS (and, with <paramref name="oauth"/>, accept bearer tokens).</param>
    public static async Task<AzuriteServer> StartAsync((string CertPath, string KeyPath)? https = null, bool oauth = false)
    {
        var executable = await EnsureInstalledAsync();
        var workspace = new TempDirectory("dgm-azurite");
        var port = FreePort.Next();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // In memory, Azurite still writes a debug log or two to its working directory: keep them out of the checkout.
            WorkingDirectory = workspace.Path,
        };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (https is { } tls)
        {
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(tls.CertPath);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(tls.KeyPath);
        }

        if (oauth)
        {
            start.ArgumentList.Add("--oauth");
            start.ArgumentList.Add("basic");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var scheme = https is null ? "http" : "https";
        var server = new AzuriteServer(process, workspace, new Uri($"{scheme}://127.0.0.1:{port}/{AccountName}"));
        try
        {
            await server.WaitUntilListeningAsync(port);
            return server;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            server.Dispose();
            throw new InvalidOperationException($"{ex.Message} Azurite said: {string.Join('\n', errors)}", ex);
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }

        _process.Dispose();
        _workspace.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds} s.");
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var tools = RepositoryRoot.Combine("infra", "tools");
        var executable = Path.Combine(tools, "node_modules", ".bin", "azurite-blob");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(executable))
            {
                // Same command as infra/install-test-deps.sh, so a fresh checkout passes without it.
                var npm = new ProcessStartInfo("npm") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { "ci", "--prefix", tools })
                {
                    npm.ArgumentList.Add(argument);
                }

                using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start.");
                var output = install.StandardOutput.ReadToEndAsync();
                var errors = install.StandardError.ReadToEndAsync();
                await install.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
                if (install.ExitCode != 0 || !File.Exists(executable))
                {
                    throw new InvalidOperationException($"npm ci --prefix infra/tools failed ({install.ExitCode}): {await output}{await errors}");
                }
            }

            return executable;
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
