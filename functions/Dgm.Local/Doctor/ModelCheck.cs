using System.ClientModel;
using Dgm.Core.Configuration;
using Dgm.Models.Backends;
using Microsoft.Extensions.AI;

namespace Dgm.Local.Doctor;

/// <summary>
/// Whether each configured model answers: one one-token call through the backend a run would use, its error mapped to
/// the setting or secret to fix. The replay model is offline and always answers.
/// </summary>
internal static class ModelCheck
{
    public static async Task<IReadOnlyList<DoctorCheck>> RunAsync(ModelRoles models, Func<ModelSpec, ModelBackendOptions> backends, TimeSpan timeout, CancellationToken cancellationToken)
    {
        (string Role, ModelSpec Spec)[] roles = [("diagnosis", models.Diagnosis), ("coding", models.Coding)];
        var checks = new List<DoctorCheck>();
        foreach (var same in roles.GroupBy(r => r.Spec))
        {
            checks.Add(await CallAsync(string.Join(", ", same.Select(r => r.Role)), same.Key, backends, timeout, cancellationToken));
        }

        return checks;
    }

    private static async Task<DoctorCheck> CallAsync(string roles, ModelSpec spec, Func<ModelSpec, ModelBackendOptions> backends, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = $"model ({roles})";
        if (spec.Provider == ModelProvider.Replay)
        {
            return DoctorCheck.Ok(name, $"replay of cassette '{spec.Cassette}' (scripted, no AI)");
        }

        var role = roles.Split(", ")[0];
        var client = ChatClientFactory.Create(spec, backends(spec) with { Retry = new RetryPolicy { MaxRetries = 0, AttemptTimeout = timeout } });
        try
        {
            await client.GetResponseAsync([new(ChatRole.User, "Reply with OK.")], new ChatOptions { MaxOutputTokens = 1 }, cancellationToken);
            return DoctorCheck.Ok(name, $"'{spec.Name}' at {spec.Endpoint} answered");
        }
        // A doctor reports every failure instead of stopping at one: the backend's errors already say what happened.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return DoctorCheck.Fail(name, ex.Message, Fix(spec, role, (ex.InnerException as ClientResultException)?.Status));
        }
    }

    private static string Fix(ModelSpec spec, string role, int? status) => status switch
    {
        401 or 403 when spec.Provider == ModelProvider.AzureOpenAI =>
            "set AZURE_OPENAI_API_KEY to a key of the resource, or give your Entra ID identity the 'Cognitive Services OpenAI User' role on it",
        401 or 403 => "set OPENAI_API_KEY to a key this endpoint accepts",
        404 => $"set models.{role}.name to a model (Azure: a deployment) the endpoint serves, and models.{role}.endpoint to its API base (…/v1, or the Azure resource)",
        400 => $"the endpoint refused a minimal request: check models.{role}.name and the server's log",
        429 or >= 500 => "the endpoint is overloaded or failing: try again later, or check the service's status",
        _ => $"check models.{role}.endpoint ({spec.Endpoint}) and that the server there is running",
    };
}
