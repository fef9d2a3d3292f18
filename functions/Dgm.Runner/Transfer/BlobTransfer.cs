using System.Net.Http.Headers;

namespace Dgm.Runner.Transfer;

/// <summary>GETs and PUTs of single blobs through SAS URLs, retried on throttling, server errors and broken connections.</summary>
internal sealed class BlobTransfer(HttpClient http) : IDisposable
{
    private const string StorageVersion = "2023-11-03";
    private const int Attempts = 4;

    public static BlobTransfer Create() => new(new HttpClient { Timeout = TimeSpan.FromMinutes(5) });

    public Task DownloadAsync(Uri url, string destination) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), async response =>
        {
            await using var file = File.Create(destination);
            await response.Content.CopyToAsync(file);
        });

    public Task UploadAsync(Uri url, string source) =>
        SendAsync(() => Put(url, new StreamContent(File.OpenRead(source))), _ => Task.CompletedTask);

    public Task UploadAsync(Uri url, byte[] content) =>
        SendAsync(() => Put(url, new ByteArrayContent(content)), _ => Task.CompletedTask);

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Put(Uri url, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return request;
    }

    private async Task SendAsync(Func<HttpRequestMessage> create, Func<HttpResponseMessage, Task> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = create();
            request.Headers.Add("x-ms-version", StorageVersion);
            TimeSpan delay;
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    await read(response);
                    return;
                }

                var status = (int)response.StatusCode;
                if (status is not (408 or 429 or >= 500) || attempt == Attempts)
                {
                    // Never the URL: it holds a SAS.
                    throw new TransferException($"{request.Method} answered HTTP {status}");
                }

                delay = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1 << attempt);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                if (attempt == Attempts)
                {
                    throw new TransferException($"{request.Method} failed: {(ex as HttpRequestException)?.HttpRequestError.ToString() ?? ex.GetType().Name}");
                }

                delay = TimeSpan.FromSeconds(1 << attempt);
            }

            await Task.Delay(delay < TimeSpan.FromSeconds(30) ? delay : TimeSpan.FromSeconds(30));
        }
    }
}

/// <summary>The transfer could not fetch or deliver a file; reported in the result, or in the container log when the result itself cannot go.</summary>
internal sealed class TransferException(string message) : Exception(message);
