using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Dgm.Azure.Artifacts;
using Dgm.Azure.Tests.Azurite;
using Dgm.Azure.Tests.FakeArm;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Artifacts;

/// <summary>
/// The cloud path: a store reached with an Entra ID token signs user delegation SAS, never an account key. Azurite
/// checks tokens (format, issuer, audience, lifetime; not the signature) only over HTTPS, so this test runs its own.
/// </summary>
public sealed class UserDelegationSasTests
{
    [Fact]
    public async Task A_store_with_a_token_credential_issues_user_delegation_sas_that_work()
    {
        using var tls = new TempDirectory("dgm-azurite-tls");
        using var certificate = TestCertificate.Create();
        using var azurite = await AzuriteServer.StartAsync(TestCertificate.WritePem(certificate, tls.Path), oauth: true);
        var options = new BlobClientOptions { Transport = new HttpClientTransport(TestCertificate.Trusting(certificate)) };
        var service = new BlobServiceClient(azurite.BlobEndpoint, new FakeTokenCredential(EntraLikeToken()), options);
        var container = service.GetBlobContainerClient("udk");
        await container.CreateAsync();
        var store = new BlobArtifactStore(container);
        Assert.False(container.GetBlobClient("x").CanGenerateSasUri);

        await store.PutAsync("snapshots/s.tar.gz", "bytes"u8.ToArray());
        var read = await store.GetReadSasUriAsync("snapshots/s.tar.gz", DateTimeOffset.UtcNow.AddMinutes(10));
        var write = await store.GetWriteSasUriAsync("scratch/out", DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.Contains("skoid=", read.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, read.ToString(), StringComparison.Ordinal);
        using var http = new HttpClient(TestCertificate.Trusting(certificate));
        Assert.Equal("bytes", await http.GetStringAsync(read));
        using var put = new HttpRequestMessage(HttpMethod.Put, write) { Content = new StringContent("out") };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await http.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("out", Encoding.UTF8.GetString((await store.GetAsync("scratch/out"))!.Content));
    }

    /// <summary>An unsigned JWT shaped like Entra ID's: what Azurite's basic OAuth mode accepts.</summary>
    private static string EntraLikeToken()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = "https://sts.windows.net/00000000-0000-0000-0000-00000000000b/",
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
            ["oid"] = "00000000-0000-0000-0000-00000000000c",
            ["tid"] = "00000000-0000-0000-0000-00000000000b",
        };
        return $"{Base64Url(header.ToJsonString())}.{Base64Url(claims.ToJsonString())}.{Base64Url("unsigned")}";
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
