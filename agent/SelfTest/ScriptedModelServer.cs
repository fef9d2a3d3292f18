using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace DgmAgent.SelfTest;

// A scripted stand-in for the model gateway: answers each HTTP request with the next scripted response
// and records what it received. HTTP/1.1 is spoken by hand over a raw socket so the same code serves
// TCP on 127.0.0.1 and a Unix domain socket, with nothing beyond the base class library.
internal sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Queue<ScriptedResponse> _script;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _socketPath;
    private readonly Task _acceptLoop;

    private ScriptedModelServer(Socket listener, IEnumerable<ScriptedResponse> script, string url, string? socketPath)
    {
        _listener = listener;
        _script = new Queue<ScriptedResponse>(script);
        _socketPath = socketPath;
        Url = url;
        _acceptLoop = AcceptLoopAsync();
    }

    // The value for DGM_MODEL_URL.
    public string Url { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static ScriptedModelServer StartTcp(IEnumerable<ScriptedResponse> script)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        return new ScriptedModelServer(listener, script, $"http://127.0.0.1:{port}", null);
    }

    public static ScriptedModelServer StartUnix(string socketPath, IEnumerable<ScriptedResponse> script)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
        return new ScriptedModelServer(listener, script, $"unix:{socketPath}", socketPath);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        _stop.Dispose();
        if (_socketPath is not null)
        {
            File.Delete(_socketPath);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            // One connection at a time is enough: the agent waits for each answer before it asks again.
            await using var stream = new NetworkStream(client, ownsSocket: true);
            await ServeAsync(stream);
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        var request = await ReadRequestAsync(stream);
        if (request is null)
        {
            return;
        }

        ScriptedResponse response;
        lock (_gate)
        {
            _requests.Add(request);
            response = _script.Count > 0
                ? _script.Dequeue()
                // A 4xx ends the agent's run at once, so a script that is too short fails fast.
                : new ScriptedResponse(400, """{"error":{"message":"the scripted server has no response left"}}""");
        }

        var body = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {response.Status} Scripted\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append($"Content-Length: {body.Length}\r\n")
            // Closing after each answer spares the server keep-alive handling; the client reconnects.
            .Append("Connection: close\r\n");
        if (response.RetryAfter is { } retryAfter)
        {
            head.Append($"Retry-After: {retryAfter}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var data = new MemoryStream();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = data.GetBuffer().AsSpan(0, (int)data.Length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                return null;
            }

            data.Write(chunk, 0, read);
        }

        var lines = Encoding.ASCII.GetString(data.GetBuffer(), 0, headerEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value) : 0;

        var bodyStart = headerEnd + 4;
        while (data.Length - bodyStart < length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0)
            {
                return null;
            }

            data.Write(chunk, 0, read);
        }

        var body = Encoding.UTF8.GetString(data.GetBuffer(), bodyStart, length);
        return new RecordedRequest(requestLine[0], requestLine[1], headers, body, DateTimeOffset.UtcNow);
    }
}

// One answer of the scripted server; RetryAfter is the raw Retry-After header value, if any.
internal sealed record ScriptedResponse(int Status, string Body, string? RetryAfter = null);

internal sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
