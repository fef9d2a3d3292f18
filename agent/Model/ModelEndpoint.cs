using System.Net.Sockets;

namespace DgmAgent.Model;

// The HTTP client and completions address for DGM_MODEL_URL. "unix:/path.sock" means HTTP over a Unix
// domain socket: sandboxes without a network reach the gateway through a socket file mounted into them.
internal sealed class ModelEndpoint : IDisposable
{
    // Long generations are slow; the harness's wall-clock limit, not this, is what bounds a run.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);

    private ModelEndpoint(HttpClient http, Uri completionsUri)
    {
        Http = http;
        CompletionsUri = completionsUri;
    }

    public HttpClient Http { get; }

    public Uri CompletionsUri { get; }

    public static ModelEndpoint Create(string modelUrl)
    {
        if (modelUrl.StartsWith("unix:", StringComparison.Ordinal))
        {
            var socketPath = modelUrl["unix:".Length..];
            var handler = new SocketsHttpHandler { ConnectCallback = (_, ct) => ConnectUnixAsync(socketPath, ct) };
            // The host name is never resolved (the callback picks the socket) but HTTP needs one for the Host header.
            return new ModelEndpoint(new HttpClient(handler) { Timeout = RequestTimeout }, new Uri("http://localhost/v1/chat/completions"));
        }

        var baseUri = modelUrl.TrimEnd('/');
        return new ModelEndpoint(new HttpClient { Timeout = RequestTimeout }, new Uri($"{baseUri}/v1/chat/completions"));
    }

    public void Dispose() => Http.Dispose();

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
