using System.Net.Sockets;

namespace Dgm.Local.Doctor;

/// <summary>Whether a Docker Engine answers its ping, on DOCKER_HOST or the default socket.</summary>
internal static class DockerCheck
{
    private const string DefaultSocket = "/var/run/docker.sock";

    public static async Task<DoctorCheck> RunAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        const string name = "docker";
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } configured ? configured : "unix://" + DefaultSocket;
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

            return DoctorCheck.Ok(name, response.Headers.TryGetValues("Api-Version", out var api) ? $"reachable at {host} (API {api.First()})" : $"reachable at {host}");
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
