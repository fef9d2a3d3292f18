namespace Dgm.Azure.Sandbox;

/// <summary>
/// Where and how sandbox container groups are created: configuration section "Dgm:Sandbox", as bicep/ sets it on the
/// function app; <see cref="GatewayUrl"/> is the host's "Dgm:Gateway:PublicUrl".
/// </summary>
public sealed record AciSandboxOptions
{
    public const string Section = "Dgm:Sandbox";

    public string SubscriptionId { get; set; } = "";

    /// <summary>The resource group that holds the sandboxes' container groups (and nothing else we would list).</summary>
    public string ResourceGroup { get; set; } = "";

    /// <summary>Azure region of the container groups, e.g. "westeurope".</summary>
    public string Location { get; set; } = "";

    /// <summary>The sandbox image (infra/sandbox/Dockerfile), e.g. "dgmacr.azurecr.io/dgm-sandbox:1".</summary>
    public string Image { get; set; } = "";

    /// <summary>The registry's login server, e.g. "dgmacr.azurecr.io".</summary>
    public string RegistryServer { get; set; } = "";

    /// <summary>Resource id of the user-assigned managed identity that may pull from the registry (AcrPull).</summary>
    public string IdentityResourceId { get; set; } = "";

    /// <summary>The model gateway as sandboxes reach it (DGM_MODEL_URL of GatewayOnly jobs), e.g. the gateway function's URL.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>Resource id of the subnet the groups join, so egress can be locked down; null: Azure's default network.</summary>
    public string? SubnetId { get; set; }

    /// <summary>How long the job's SAS URLs outlive its wall limit: image pull, queueing and uploads happen in this time.</summary>
    public TimeSpan SasSlack { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retries of a throttled (429) or failed (5xx) ARM call, each after the Retry-After ARM asks for.</summary>
    public int MaxArmRetries { get; set; } = 4;

    /// <summary>The settings a deployment must give, by name.</summary>
    internal IEnumerable<(string Name, string? Value)> Required() =>
    [
        (nameof(SubscriptionId), SubscriptionId), (nameof(ResourceGroup), ResourceGroup), (nameof(Location), Location),
        (nameof(Image), Image), (nameof(RegistryServer), RegistryServer), (nameof(IdentityResourceId), IdentityResourceId),
    ];
}
