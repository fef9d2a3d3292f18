using Dgm.Functions;
using Microsoft.Extensions.Hosting;

// The Azure host: the same tasks as the local engine, over Blob Storage, Container Instances and Azure OpenAI, all
// reached with the app's managed identity (composition in FunctionsServices).
FunctionsHostBuilder.Build(args).Run();
