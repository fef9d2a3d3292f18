using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager.Models;
using Azure.ResourceManager.Resources;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// The body of the container-group PUT (Microsoft.ContainerInstance/containerGroups, API version
/// <see cref="AciSandbox.ApiVersion"/>): one Linux container that runs the runner once (restartPolicy Never),
/// no IP address, pulled with a user-assigned identity, tagged with the run, job and kind.
/// </summary>
internal static class ContainerGroupDefinition
{
    public const string ContainerName = "runner";
    public const string RunTag = "dgm-run";
    public const string JobTag = "dgm-job";
    public const string KindTag = "dgm-kind";
    public const string JobSpecVariable = JobVariables.TransferSpec;
    public const string ModelUrlVariable = JobVariables.ModelUrl;
    public const string ModelTokenVariable = JobVariables.ModelToken;

    /// <summary>Refuses what this sandbox cannot run, before anything is created for the job.</summary>
    public static void EnsureRunnable(SandboxJob job, AciSandboxOptions options)
    {
        if (job.Image is not null)
        {
            throw new SandboxException($"Job '{job.Id}' asks for image '{job.Image}'; the ACI sandbox runs only its own image, which carries the runner.", "ImageNotSupported", retryable: false);
        }

        if (job.Environment.ContainsKey(JobSpecVariable))
        {
            throw new ArgumentException($"The job's environment must not set {JobSpecVariable}: the sandbox sets it.", nameof(job));
        }

        if (job.Network == NetworkPolicy.GatewayOnly && options.GatewayUrl is null)
        {
            throw new SandboxException($"Job '{job.Id}' needs the model gateway, but no gateway URL is configured (Dgm:Gateway:PublicUrl).", "GatewayNotConfigured", retryable: false);
        }
    }

    public static GenericResourceData Build(SandboxJob job, AciSandboxOptions options, string jobSpecJson)
    {
        EnsureRunnable(job, options);
        var identity = new ManagedServiceIdentity(ManagedServiceIdentityType.UserAssigned);
        identity.UserAssignedIdentities.Add(new ResourceIdentifier(options.IdentityResourceId), new UserAssignedIdentity());

        var data = new GenericResourceData(new AzureLocation(options.Location))
        {
            Identity = identity,
            Properties = BinaryData.FromString(Properties(job, options, jobSpecJson).ToJsonString()),
        };
        data.Tags[RunTag] = job.RunId;
        data.Tags[JobTag] = job.Id;
        data.Tags[KindTag] = JsonNamingPolicy.CamelCase.ConvertName(job.Kind.ToString());
        return data;
    }

    private static JsonObject Properties(SandboxJob job, AciSandboxOptions options, string jobSpecJson)
    {
        var resources = new JsonObject
        {
            ["cpu"] = Math.Round(job.Limits.Cpus, 2),
            // ACI sizes memory in GB with one decimal; round up so the job never gets less than it asked for.
            ["memoryInGB"] = ((job.Limits.MemoryMb * 10L) + 1023) / 1024 / 10.0,
        };
        var properties = new JsonObject
        {
            ["osType"] = "Linux",
            ["restartPolicy"] = "Never",
            ["sku"] = "Standard",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = ContainerName,
                ["properties"] = new JsonObject
                {
                    ["image"] = options.Image,
                    // The runner fetches the inputs, runs the job's command and uploads the outputs (the image carries it).
                    ["command"] = new JsonArray(JobPaths.Runner, "transfer"),
                    ["environmentVariables"] = Environment(job, options, jobSpecJson),
                    ["resources"] = new JsonObject
                    {
                        ["requests"] = resources.DeepClone(),
                        ["limits"] = resources,
                    },
                },
            }),
            ["imageRegistryCredentials"] = new JsonArray(new JsonObject
            {
                ["server"] = options.RegistryServer,
                ["identity"] = options.IdentityResourceId,
            }),
        };
        if (options.SubnetId is not null)
        {
            properties["subnetIds"] = new JsonArray(new JsonObject { ["id"] = options.SubnetId });
        }

        return properties;
    }

    /// <summary>
    /// The job's variables, then the sandbox's own: the runner's spec and, for gateway jobs, the gateway's address
    /// and token, which win over anything the job set (as in the local sandbox). Only the spec (SAS URLs) and a
    /// model token are secret, and only they go in secureValue, which ARM never returns.
    /// </summary>
    private static JsonArray Environment(SandboxJob job, AciSandboxOptions options, string jobSpecJson)
    {
        var gateway = job.Network == NetworkPolicy.GatewayOnly;
        var variables = new JsonArray();
        foreach (var (name, value) in job.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!gateway || name is not (ModelUrlVariable or ModelTokenVariable))
            {
                variables.Add(new JsonObject { ["name"] = name, [name == ModelTokenVariable ? "secureValue" : "value"] = value });
            }
        }

        variables.Add(new JsonObject { ["name"] = JobSpecVariable, ["secureValue"] = jobSpecJson });
        if (gateway)
        {
            // EnsureRunnable refused gateway jobs without a gateway URL.
            variables.Add(new JsonObject { ["name"] = ModelUrlVariable, ["value"] = options.GatewayUrl!.ToString() });
            variables.Add(new JsonObject { ["name"] = ModelTokenVariable, ["secureValue"] = job.GatewayToken ?? "" });
        }

        return variables;
    }
}
