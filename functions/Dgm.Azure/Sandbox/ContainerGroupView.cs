using System.Globalization;
using System.Text.Json;
using Dgm.Core.Sandbox;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// What a GET of a container group says about its job: the group's provisioning state and instance state, and the
/// runner container's current state with its exit code and times. Failed provisioning is a lost job; the reason
/// (ARM's state plus the latest events, e.g. an image pull that failed) is kept for the result.
/// </summary>
internal sealed record ContainerGroupView(
    string? ProvisioningState,
    string? GroupState,
    string? ContainerState,
    int? ExitCode,
    string? DetailStatus,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> Events)
{
    public static ContainerGroupView Parse(BinaryData properties)
    {
        using var document = JsonDocument.Parse(properties);
        var root = document.RootElement;
        var events = new List<string>();
        CollectEvents(root, "instanceView", events);

        JsonElement? current = null;
        if (root.TryGetProperty("containers", out var containers) && containers.ValueKind == JsonValueKind.Array)
        {
            foreach (var container in containers.EnumerateArray())
            {
                if (container.TryGetProperty("name", out var name) && name.GetString() == ContainerGroupDefinition.ContainerName
                    && container.TryGetProperty("properties", out var props))
                {
                    CollectEvents(props, "instanceView", events);
                    if (props.TryGetProperty("instanceView", out var view) && view.TryGetProperty("currentState", out var state))
                    {
                        current = state.Clone();
                    }
                }
            }
        }

        return new ContainerGroupView(
            Text(root, "provisioningState"),
            root.TryGetProperty("instanceView", out var groupView) ? Text(groupView, "state") : null,
            current is { } c ? Text(c, "state") : null,
            current is { } e && e.TryGetProperty("exitCode", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : null,
            current is { } d ? Text(d, "detailStatus") : null,
            current is { } s ? Time(s, "startTime") : null,
            current is { } f ? Time(f, "finishTime") : null,
            events);
    }

    public SandboxJobState State =>
        ProvisioningState is "Failed" or "Canceled" or "Deleting" ? SandboxJobState.Lost
        : ContainerState == "Terminated" || GroupState is "Succeeded" or "Failed" or "Stopped" ? SandboxJobState.Exited
        : ContainerState == "Running" ? SandboxJobState.Running
        : SandboxJobState.Pending;

    /// <summary>A one-line account for a job that left no result: states, exit code and the latest events.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"provisioning {ProvisioningState ?? "unknown"}", $"group {GroupState ?? "unknown"}", $"container {ContainerState ?? "not started"}" };
        if (ExitCode is { } code)
        {
            parts.Add($"runner exit code {code.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!string.IsNullOrEmpty(DetailStatus))
        {
            parts.Add(DetailStatus);
        }

        parts.AddRange(Events.TakeLast(3));
        return string.Join("; ", parts);
    }

    public double WallSeconds => StartedAt is { } start && FinishedAt is { } end && end > start ? (end - start).TotalSeconds : 0;

    private static void CollectEvents(JsonElement element, string viewName, List<string> into)
    {
        if (element.TryGetProperty(viewName, out var view) && view.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in events.EnumerateArray())
            {
                into.Add($"{Text(item, "name")}: {Text(item, "message")}");
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
