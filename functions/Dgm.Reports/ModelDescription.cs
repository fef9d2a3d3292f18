using Dgm.Core.Configuration;
using Dgm.Models.Replay;

namespace Dgm.Reports;

/// <summary>How a model role is named to people: the replay model always says that it is scripted, with no AI.</summary>
public static class ModelDescription
{
    public static string Of(ModelSpec model) =>
        model.Provider == ModelProvider.Replay ? $"{ReplayChatClient.Label} (cassette {model.Cassette})" : $"{model.Provider} {model.Name} at {model.Endpoint}";
}
