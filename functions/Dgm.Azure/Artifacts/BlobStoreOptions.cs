namespace Dgm.Azure.Artifacts;

/// <summary>Where artifacts live: configuration section "Dgm:Artifacts" (reached with the app's managed identity, never a key).</summary>
public sealed class BlobStoreOptions
{
    public const string Section = "Dgm:Artifacts";

    public Uri? BlobServiceUri { get; set; }

    public string Container { get; set; } = "dgm";
}
