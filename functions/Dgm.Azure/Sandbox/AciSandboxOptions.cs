namespace Dgm.Azure.Sandbox;

/// <summary>
/// Where and how sandbox container groups are created: configuration section "Dgm:Sandbox", as bicep/ sets it on
/// the function app. <see cref="GatewayUrl"/> is the host's "Dgm:Gateway:PublicUrl".
/// </summary>
public sealed record AciSandboxOptions
{
    public const string Section = "Dgm:Sandbox";

    public required string SubscriptionId { get; init; }

    /// <summary>The resource group that holds the sandboxes' container groups (and nothing else we would list).</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>Azure region of the container groups, e.g. "westeurope".</summary>
    public required string Location { get; init; }

    /// <summary>The sandbox image (infra/sandbox/Dockerfile), e.g. "dgmacr.azurecr.io/dgm-sandbox:1".</summary>
    public required string Image { get; init; }

    /// <summary>The registry's login server, e.g. "dgmacr.azurecr.io".</summary>
    public required string RegistryServer { get; init; }

    /// <summary>Resource id of the user-assigned managed identity that may pull from the registry (AcrPull).</summary>
    public required string IdentityResourceId { get; init; }

    /// <summary>The model gateway as sandboxes reach it (DGM_MODEL_URL of GatewayOnly jobs), e.g. the gateway function's URL.</summary>
    public Uri? GatewayUrl { get; init; }

    /// <summary>Resource id of the subnet the groups join, so egress can be locked down; null: Azure's default network.</summary>
    public string? SubnetId { get; init; }

    /// <summary>How long the job's SAS URLs outlive its wall limit: image pull, queueing and uploads happen in this time.</summary>
    public TimeSpan SasSlack { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Retries of a throttled (429) or failed (5xx) ARM call, each after the Retry-After ARM asks for.</summary>
    public int MaxArmRetries { get; init; } = 4;
}
