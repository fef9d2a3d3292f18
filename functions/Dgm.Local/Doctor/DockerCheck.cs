using System.Net.Sockets;
using System.Text.Json;
using Dgm.Local.Sandbox.Docker;

namespace Dgm.Local.Doctor;

/// <summary>Whether a Docker Engine answers its ping, on DOCKER_HOST or the default socket, and remaps user namespaces.</summary>
internal static class DockerCheck
{
    private const string DefaultSocket = "/var/run/docker.sock";

    public static Task<DoctorCheck> RunAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } configured ? configured : "unix://" + DefaultSocket, timeout, cancellationToken);

    /// <param name="host">The Engine's address as DOCKER_HOST gives it: unix://SOCKET or tcp://HOST:PORT.</param>
    public static async Task<DoctorCheck> RunAsync(string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        const string name = "docker";
        if (host.StartsWith("unix://", StringComparison.Ordinal) && !File.Exists(host["unix://".Length..]))
        {
            return DoctorCheck.Warn(name, $"not running: no socket at {host["unix://".Length..]}", Fix);
        }

        try
        {
            using var http = Client(host, timeout);
            using var response = await http.GetAsync("_ping", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return DoctorCheck.Warn(name, $"{host} answered {(int)response.StatusCode} to a ping", Fix);
            }

            var reachable = response.Headers.TryGetValues("Api-Version", out var api) ? $"reachable at {host} (API {api.First()})" : $"reachable at {host}";
            using var info = JsonDocument.Parse(await http.GetStringAsync("info", cancellationToken));
            var remapped = info.RootElement.TryGetProperty("SecurityOptions", out var options)
                && options.ValueKind == JsonValueKind.Array && HostIds.Remaps(options.EnumerateArray().Select(o => o.GetString()));
            return remapped
                ? DoctorCheck.Ok(name, $"{reachable}, user namespaces remapped: a job's uid 1000 is not the host's")
                : DoctorCheck.Warn(name, $"{reachable}, without userns-remap: a Docker job's uid 1000 is the host's uid 1000", "run dockerd with --userns-remap=default");
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Warn(name, $"not reachable at {host}: {ex.Message}", Fix);
        }
    }

    private const string Fix = "only --sandbox docker and tasks with a container image need Docker: apt-get install docker.io, then start the daemon";

    private static HttpClient Client(string host, TimeSpan timeout)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socket = host["unix://".Length..];
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                        return new NetworkStream(connection, ownsSocket: true);
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                },
            };
            return new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = timeout };
        }

        // tcp://host:port is the daemon's plain HTTP endpoint.
        return new HttpClient { BaseAddress = new Uri(host.Replace("tcp://", "http://", StringComparison.Ordinal).TrimEnd('/') + "/"), Timeout = timeout };
    }
}
