using Dgm.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Dgm.Functions;

/// <summary>The Azure Functions host as Program.cs starts it; tests build the same host with their own settings.</summary>
public static class FunctionsHostBuilder
{
    public static IHost Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder.Configuration);
        builder.ConfigureFunctionsWebApplication();
        // The worker runs extension startups only for its entry assembly; configured here, a test host gets the same.
        builder.ConfigureDurableExtension();
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddDgmTasks());
        builder.Services.AddDgmFunctions(builder.Configuration);
        return builder.Build();
    }
}
