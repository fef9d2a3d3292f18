using Azure.Core;

namespace Dgm.Azure.Tests.FakeArm;

/// <summary>Hands out a fixed bearer token and remembers the scopes asked for.</summary>
internal sealed class FakeTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
