using System.Text.Json.Nodes;

namespace Dgm.Azure.Tests.FakeArm;

/// <summary>One container group as the fake ARM keeps it: the PUT body as sent, plus the state tests move it through.</summary>
public sealed class FakeContainerGroup(string name, JsonObject body)
{
    private readonly CancellationTokenSource _deleted = new();

    public string Name { get; } = name;

    /// <summary>Exactly what the client PUT, secure values included (ARM keeps them but never returns them).</summary>
    public JsonObject Body { get; } = body;

    public string ProvisioningState { get; set; } = "Creating";

    public string? GroupState { get; set; } = "Pending";

    public JsonObject? ContainerState { get; set; } = new() { ["state"] = "Waiting", ["detailStatus"] = "Pulling image" };

    public List<(string Name, string Message)> Events { get; } = [];

    public string Logs { get; set; } = "";

    /// <summary>Cancelled when the group is deleted, which stops whatever runs its container.</summary>
    public CancellationToken Deleted => _deleted.Token;

    public void Delete() => _deleted.Cancel();

    public void Run()
    {
        ProvisioningState = "Succeeded";
        GroupState = "Running";
        ContainerState = new JsonObject { ["state"] = "Running", ["startTime"] = "2025-01-01T00:00:00Z" };
    }

    public void Terminate(int exitCode)
    {
        ProvisioningState = "Succeeded";
        GroupState = exitCode == 0 ? "Succeeded" : "Failed";
        ContainerState = new JsonObject
        {
            ["state"] = "Terminated",
            ["exitCode"] = exitCode,
            ["startTime"] = "2025-01-01T00:00:00Z",
            ["finishTime"] = "2025-01-01T00:00:42Z",
            ["detailStatus"] = exitCode == 0 ? "Completed" : "Error",
        };
    }

    public void FailProvisioning(string eventName, string message)
    {
        ProvisioningState = "Failed";
        GroupState = "Failed";
        ContainerState = new JsonObject { ["state"] = "Waiting", ["detailStatus"] = "CrashLoopBackOff" };
        Events.Add((eventName, message));
    }

    public JsonObject EnvironmentVariable(string variable) =>
        Body["properties"]!["containers"]![0]!["properties"]!["environmentVariables"]!.AsArray()
            .Single(v => v!["name"]!.GetValue<string>() == variable)!.AsObject();

    /// <summary>The resource as a GET returns it: secure values dropped, states and events added.</summary>
    public JsonObject ToResponse(string id)
    {
        var resource = (JsonObject)Body.DeepClone();
        resource["id"] = id;
        resource["name"] = Name;
        resource["type"] = "Microsoft.ContainerInstance/containerGroups";
        var properties = resource["properties"]!.AsObject();
        properties["provisioningState"] = ProvisioningState;
        properties["instanceView"] = new JsonObject
        {
            ["state"] = GroupState,
            ["events"] = new JsonArray([.. Events.Select(e => (JsonNode)new JsonObject { ["name"] = e.Name, ["message"] = e.Message, ["type"] = "Warning" })]),
        };
        var container = properties["containers"]![0]!["properties"]!.AsObject();
        foreach (var variable in container["environmentVariables"]!.AsArray())
        {
            variable!.AsObject().Remove("secureValue");
        }

        container["instanceView"] = new JsonObject { ["restartCount"] = 0, ["currentState"] = ContainerState?.DeepClone(), ["events"] = new JsonArray() };
        return resource;
    }
}
