using System.Text.Json.Nodes;

namespace DgmAgent.Tools;

// A capability the model can call. Name, description and the JSON schema of the parameters are sent to
// the model with every request; RunAsync returns the text the model gets back. A tool reports a misuse by
// throwing ToolException, which the registry turns into an error message for the model.
internal interface ITool
{
    string Name { get; }

    string Description { get; }

    string ParametersSchema { get; }

    Task<string> RunAsync(JsonObject arguments);
}
