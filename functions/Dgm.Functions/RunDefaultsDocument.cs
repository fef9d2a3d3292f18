namespace Dgm.Functions;

/// <summary>The document every posted or scheduled configuration is laid over (see <see cref="RunDefaults"/>).</summary>
public sealed record RunDefaultsDocument(System.Text.Json.Nodes.JsonObject Value);
