using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Diagnosis;
using Dgm.Core.Evaluation;
using Dgm.Core.Runs;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dgm.Functions.Tests;

/// <summary>The Functions host built as Program.cs builds it: its settings, its services, and its payload serializer.</summary>
public sealed class HostCompositionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Dgm:Artifacts:BlobServiceUri"] = "https://acct.blob.core.windows.net",
        ["Dgm:Models:AzureOpenAIEndpoint"] = "https://dgm-ai.openai.azure.com/",
        ["Dgm:Models:DiagnosisDeployment"] = "diagnosis",
        ["Dgm:Models:CodingDeployment"] = "coding",
        ["Dgm:Budget:DefaultDollars"] = "25",
        ["Dgm:Budget:DefaultTokens"] = "9000000",
        ["Dgm:Sandbox:SubscriptionId"] = "00000000-0000-0000-0000-000000000000",
        ["Dgm:Sandbox:ResourceGroup"] = "dgm-sandboxes",
        ["Dgm:Sandbox:Location"] = "eastus",
        ["Dgm:Sandbox:Image"] = "dgmacr.azurecr.io/dgm-sandbox:1",
        ["Dgm:Sandbox:RegistryServer"] = "dgmacr.azurecr.io",
        ["Dgm:Sandbox:IdentityResourceId"] = "/subscriptions/x/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/dgm",
        ["Dgm:Gateway:PublicUrl"] = "https://dgm-functions.example.net/api/gateway",
    };

    private static IHost Build(IDictionary<string, string?> settings) =>
        FunctionsHostBuilder.Build([], configuration => configuration.AddInMemoryCollection(settings));

    [Fact]
    public void The_hosts_settings_are_bound_and_every_missing_one_is_named_at_start()
    {
        var partial = Settings.Where(s => s.Key is not ("Dgm:Models:AzureOpenAIEndpoint" or "Dgm:Sandbox:Image" or "Dgm:Sandbox:Location")).ToDictionary();
        using var host = Build(partial);

        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Dgm__Models__AzureOpenAIEndpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dgm__Sandbox__Image", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dgm__Sandbox__Location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Posted_configs_start_from_the_apps_deployments_prices_and_budgets()
    {
        using var host = Build(Settings);
        host.Services.GetRequiredService<IStartupValidator>().Validate();

        var defaults = host.Services.GetRequiredService<RunDefaultsDocument>();
        var config = RunConfigLoader.Load("""{"models":{"coding":{"name":"coding-large"}},"iterations":2}""", "post", defaults: defaults.Value);

        Assert.Equal(ModelProvider.AzureOpenAI, config.Models.Coding.Provider);
        Assert.Equal("https://dgm-ai.openai.azure.com/", config.Models.Coding.Endpoint);
        Assert.Equal("coding-large", config.Models.Coding.Name);
        Assert.Equal("diagnosis", config.Models.Diagnosis.Name);
        Assert.Equal(25m, config.Budget.Dollars);
        Assert.Equal(9_000_000, config.Budget.Tokens);
        Assert.Equal(new Uri("https://dgm-functions.example.net/api/gateway"), host.Services.GetRequiredService<IOptions<Azure.Sandbox.AciSandboxOptions>>().Value.GatewayUrl);
    }

    [Fact]
    public void Every_function_class_and_task_is_built_from_the_hosts_services()
    {
        using var host = Build(Settings);
        using var scope = host.Services.CreateScope();

        // Static function classes (the durable triggers) need no instance.
        foreach (var type in typeof(RunsApi).Assembly.GetTypes().Where(t => !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false).Length > 0)))
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }

        foreach (var type in typeof(WorkflowServices).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true } && (typeof(ITaskActivity).IsAssignableFrom(t) || typeof(ITaskOrchestrator).IsAssignableFrom(t))))
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }
    }

    public static TheoryData<string, object> Payloads => new()
    {
        { "run state", new RunState("r", 3, DateTimeOffset.UnixEpoch, new RunProgress(3, 2, "i1-c0", 0.5, 1.25m, 900, "self-improving")) },
        { "child input", new ChildInput("r", 1, new ChildPlan(0, "i1-c0", "seed", "aa", "seed", "aa", new DiagnosisEntry(DiagnosisKind.SolveEmptyPatches, "t-a")), 0.5) },
        { "job request", new JobRequest { RunId = "r", JobId = "j", Kind = StepKind.SelfModify, NodeId = "i1-c0", TaskId = "t" } },
        { "job outcome", new JobOutcome("l", new SandboxJobResult { JobId = "j", LimitsHit = LimitHit.Memory | LimitHit.WallTime, Isolation = "aci", Usage = new SandboxUsage(1, 2, 3) }, new BudgetRefusal("budget.tokens", "no"), new Spend(1, 2, 3)) },
        { "attempt", new AttemptResult("t", "python", 0, new AttemptOutcome { Status = AttemptStatus.EmptyPatch, DroppedFromPatch = ["tests/x.py (protected)"] }, null) },
        { "evaluation", new EvaluationOutput([new StageResult { Stage = 0, Tasks = [new TaskOutcome { TaskId = "t", Language = "go", Attempts = [new AttemptOutcome { Status = AttemptStatus.Resolved }] }] }], ["t"], null, false) },
        { "summary", new ChildSummary("i1-c0", "seed", NodeStatus.Admitted, "built", 0.5, 2) },
        { "approval", new ApprovalDecision(false, "not yet") },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Orchestration_payloads_are_written_in_the_products_one_json_dialect_on_both_hosts(string what, object payload)
    {
        using var host = Build(Settings);
        var functions = host.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>().Get(Options.DefaultName).DataConverter;
        var local = new JsonDataConverter(DgmJson.Compact);

        var written = functions.Serialize(payload)!;
        var read = functions.Deserialize(local.Serialize(payload), payload.GetType());

        Assert.True(written == local.Serialize(payload), $"{what}: {written}");
        Assert.Equal(written, local.Serialize(read));
    }
}
