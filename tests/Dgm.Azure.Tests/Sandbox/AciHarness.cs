using Dgm.Azure.Artifacts;
using Dgm.Azure.Sandbox;
using Dgm.Azure.Tests.Azurite;
using Dgm.Azure.Tests.FakeArm;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Azure.Tests.Sandbox;

/// <summary>An AciSandbox wired to a fake ARM endpoint (HTTPS, on loopback) and a fresh Azurite container.</summary>
internal sealed class AciHarness : IAsyncDisposable
{
    public static readonly AciSandboxOptions Options = new()
    {
        SubscriptionId = "00000000-0000-0000-0000-00000000000a",
        ResourceGroup = "dgm-sandboxes",
        Location = "westeurope",
        Image = "dgmacr.azurecr.io/dgm-sandbox:1",
        RegistryServer = "dgmacr.azurecr.io",
        IdentityResourceId = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/dgm/providers/Microsoft.ManagedIdentity/userAssignedIdentities/dgm-pull",
        SubnetId = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/dgm/providers/Microsoft.Network/virtualNetworks/dgm/subnets/sandboxes",
        GatewayUrl = new Uri("https://dgm-functions.example.net/api/gateway/"),
    };

    private AciHarness(FakeArmServer arm, BlobArtifactStore store, AciSandbox sandbox, ListLogger<AciSandbox> logger)
    {
        Arm = arm;
        Store = store;
        Sandbox = sandbox;
        Logger = logger;
    }

    public FakeArmServer Arm { get; }

    public BlobArtifactStore Store { get; }

    public AciSandbox Sandbox { get; }

    public ListLogger<AciSandbox> Logger { get; }

    public static async Task<AciHarness> StartAsync(AzuriteFixture azurite, int maxArmRetries = 2, AciSandboxOptions? options = null)
    {
        var arm = await FakeArmServer.StartAsync();
        var store = await azurite.NewStoreAsync();
        var logger = new ListLogger<AciSandbox>();
        var sandbox = new AciSandbox(
            new FakeTokenCredential(FakeArmServer.Token), store, (options ?? Options) with { MaxArmRetries = maxArmRetries }, arm.ClientOptions(), logger);
        return new AciHarness(arm, store, sandbox, logger);
    }

    public static SandboxJob Job(string id = "build-n1", string runId = "run-7") => new()
    {
        Id = id,
        RunId = runId,
        Kind = StepKind.Build,
        Inputs = [new SandboxInput("snapshots/abc.tar.gz", "agent", Unpack: true)],
        Command = ["bash", "-c", "cat agent/src/main.txt; echo url=$DGM_MODEL_URL; mkdir -p agent/bin && echo compiled > agent/bin/app.dll; echo diff > patch.diff"],
        Environment = new Dictionary<string, string> { ["DGM_MODEL_NAME"] = "demo-model", ["DGM_MODEL_URL"] = "http://ignored-for-gateway-jobs" },
        GatewayToken = "gw-secret-token-123",
        Network = NetworkPolicy.GatewayOnly,
        Limits = new SandboxLimits { WallSeconds = 600, CpuSeconds = 900, MemoryMb = 3000, Processes = 256, DiskMb = 2048, OutputBytes = 10_000, Cpus = 2 },
        Outputs = [new SandboxOutput("agent/bin", "builds/abc.tar.gz", Pack: true), new SandboxOutput("patch.diff", "runs/run-7/nodes/n1/patch.diff", Pack: false)],
    };

    public FakeContainerGroup Group(SandboxJob job) => Arm.Groups[ContainerGroupName.For(job.RunId, job.Id)];

    public async ValueTask DisposeAsync() => await Arm.DisposeAsync();
}
