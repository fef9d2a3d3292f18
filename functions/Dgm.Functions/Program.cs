using Azure.Identity;
using Dgm.Benchmarks;
using Dgm.Azure.Artifacts;
using Dgm.Azure.Sandbox;
using Dgm.Core.Gateway;
using Dgm.Core.Runs;
using Dgm.Functions;
using Dgm.Models;
using Dgm.Models.Backends;
using Dgm.Reports;
using Dgm.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure host: the same tasks as the local engine, over Blob Storage, Container Instances and Azure OpenAI, all
// reached with the app's managed identity.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.ConfigureDurableWorker().AddTasks(registry => registry.AddDgmTasks());

var settings = HostSettings.From(builder.Configuration);
var credential = new DefaultAzureCredential();
var store = BlobArtifactStore.FromServiceUri(settings.BlobServiceUri, settings.Container, credential);
var models = new ChatClientProvider(store, _ => new ModelBackendOptions { Credential = credential });
var tokens = new GatewayTokens(await GatewayKeyStore.LoadOrCreateAsync(store));
var runs = new RunStore(store);

builder.Services
    .AddDgmWorkflow(store, new AciSandbox(credential, store, settings.Sandbox), models, tokens, new SandboxImageToolchains(), new WorkflowOptions())
    .AddSingleton(BuiltIns.NextToBinaries())
    .AddSingleton(new RunDefaultsDocument(RunDefaults.For(settings)))
    .AddSingleton<RunScheduler>()
    .AddSingleton(new DashboardSite(store, "/api", TimeProvider.System))
    .AddSingleton(new ModelGateway(
        tokens,
        async (scope, cancellationToken) => await runs.FindRunAsync(scope.RunId, cancellationToken) is { } run ? models.Get(run.Config.Models.Coding) : null,
        TimeProvider.System));

builder.Build().Run();
