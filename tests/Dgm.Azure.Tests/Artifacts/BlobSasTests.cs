using System.Net;
using Dgm.Azure.Tests.Azurite;

namespace Dgm.Azure.Tests.Artifacts;

/// <summary>The SAS URLs a sandbox gets: one blob each, read-only or create/write-only, and they expire.</summary>
[Collection(BlobStoreTests.Name)]
public sealed class BlobSasTests(AzuriteFixture azurite) : IDisposable
{
    private readonly HttpClient _http = new();

    [Fact]
    public async Task A_read_sas_downloads_with_a_plain_http_client_and_cannot_write()
    {
        var store = await azurite.NewStoreAsync();
        await store.PutAsync("snapshots/s.tar.gz", "snapshot bytes"u8.ToArray());
        var url = await store.GetReadSasUriAsync("snapshots/s.tar.gz", DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal("snapshot bytes", await _http.GetStringAsync(url));
        using var put = await PutAsync(url, "overwrite");
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task A_write_sas_can_create_but_cannot_read()
    {
        var store = await azurite.NewStoreAsync();
        var url = await store.GetWriteSasUriAsync("scratch/out.txt", DateTimeOffset.UtcNow.AddMinutes(5));

        using var put = await PutAsync(url, "produced");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var get = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal("produced", System.Text.Encoding.UTF8.GetString((await store.GetAsync("scratch/out.txt"))!.Content));
    }

    [Fact]
    public async Task A_sas_names_one_blob_only()
    {
        var store = await azurite.NewStoreAsync();
        await store.PutAsync("a/one.txt", "1"u8.ToArray());
        await store.PutAsync("a/two.txt", "2"u8.ToArray());
        var url = await store.GetReadSasUriAsync("a/one.txt", DateTimeOffset.UtcNow.AddMinutes(5));

        var other = new UriBuilder(url) { Path = url.AbsolutePath.Replace("one.txt", "two.txt", StringComparison.Ordinal) }.Uri;
        using var get = await _http.GetAsync(other);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
    }

    [Fact]
    public async Task An_expired_sas_is_refused()
    {
        var store = await azurite.NewStoreAsync();
        await store.PutAsync("a/old.txt", "old"u8.ToArray());
        var read = await store.GetReadSasUriAsync("a/old.txt", DateTimeOffset.UtcNow.AddMinutes(-1));
        var write = await store.GetWriteSasUriAsync("a/new.txt", DateTimeOffset.UtcNow.AddMinutes(-1));

        using var get = await _http.GetAsync(read);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        using var put = await PutAsync(write, "late");
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.False(await store.ExistsAsync("a/new.txt"));
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> PutAsync(Uri url, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        return await _http.SendAsync(request);
    }
}
