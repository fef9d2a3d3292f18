using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// The container logs action (GET .../containerGroups/{group}/containers/{container}/logs), which generic resources
/// cannot call: a resource client on the ArmClient's own pipeline, so it shares its credential, retries and endpoint.
/// </summary>
internal sealed class ContainerLogs : ArmResource
{
    public ContainerLogs(ArmClient client, ResourceIdentifier containerGroupId)
        : base(client, containerGroupId)
    {
    }

    public async Task<string> GetAsync(string containerName, CancellationToken cancellationToken)
    {
        using var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Get;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath(Id.ToString(), escape: false);
        request.Uri.AppendPath("/containers/", escape: false);
        request.Uri.AppendPath(containerName, escape: true);
        request.Uri.AppendPath("/logs", escape: false);
        request.Uri.AppendQuery("api-version", AciSandbox.ApiVersion, escapeValue: true);
        request.Headers.Add("Accept", "application/json");

        await Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw new RequestFailedException(response);
        }

        using var document = JsonDocument.Parse(response.Content);
        return document.RootElement.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String ? content.GetString() ?? "" : "";
    }
}
