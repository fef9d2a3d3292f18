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
/// no IP address, pulled with a user-assigned identity, tagged with the run, job and kind. A job in an image of its
/// own (a SWE-bench task's) gets the runner from an init container of the sandbox image, which copies it into an
/// emptyDir volume that the task's container sees read-only where the sandbox image keeps it.
/// </summary>
internal static class ContainerGroupDefinition
{
    public const string ContainerName = "runner";
    public const string InjectorName = "inject-runner";
    public const string RunnerVolume = "dgm-runner";
    public const string RunTag = "dgm-run";
    public const string JobTag = "dgm-job";
    public const string KindTag = "dgm-kind";
    public const string JobSpecVariable = JobVariables.TransferSpec;
    public const string ModelUrlVariable = JobVariables.ModelUrl;
    public const string ModelTokenVariable = JobVariables.ModelToken;

    /// <summary>Refuses what this sandbox cannot run, before anything is created for the job.</summary>
    public static void EnsureRunnable(SandboxJob job, AciSandboxOptions options)
    {
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
        var container = new JsonObject
        {
            ["image"] = job.Image ?? options.Image,
            // The runner fetches the inputs, runs the job's command and uploads the outputs.
            ["command"] = new JsonArray(JobPaths.Runner, "transfer"),
            ["environmentVariables"] = Environment(job, options, jobSpecJson),
            ["resources"] = new JsonObject
            {
                ["requests"] = resources.DeepClone(),
                ["limits"] = resources,
            },
        };
        var properties = new JsonObject
        {
            ["osType"] = "Linux",
            ["restartPolicy"] = "Never",
            ["sku"] = "Standard",
            ["containers"] = new JsonArray(new JsonObject { ["name"] = ContainerName, ["properties"] = container }),
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

        if (job.Image is not null)
        {
            InjectRunner(properties, container, options);
        }

        return properties;
    }

    /// <summary>
    /// The task image carries no runner: an init container of the sandbox image copies it into a volume, mounted
    /// read-only in the task's container at the runner's folder. Init containers end before the task's starts. The
    /// agent needs no copy: it is built per snapshot (single-file for such suites), so no image holds it, and the
    /// runner fetches it like every other input of the job.
    /// </summary>
    private static void InjectRunner(JsonObject properties, JsonObject container, AciSandboxOptions options)
    {
        const string Staging = "/dgm-inject";
        var folder = Path.GetDirectoryName(JobPaths.Runner)!;
        properties["volumes"] = new JsonArray(new JsonObject { ["name"] = RunnerVolume, ["emptyDir"] = new JsonObject() });
        properties["initContainers"] = new JsonArray(new JsonObject
        {
            ["name"] = InjectorName,
            ["properties"] = new JsonObject
            {
                ["image"] = options.Image,
                ["command"] = new JsonArray("cp", JobPaths.Runner, $"{Staging}/{Path.GetFileName(JobPaths.Runner)}"),
                ["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = RunnerVolume, ["mountPath"] = Staging }),
            },
        });
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = RunnerVolume, ["mountPath"] = folder, ["readOnly"] = true });
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
