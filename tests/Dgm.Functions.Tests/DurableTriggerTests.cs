using System.Reflection;
using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Core.Runs;
using Dgm.Testing;
using Dgm.Workflow;
using Dgm.Workflow.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Dgm.Functions.Tests;

/// <summary>The Functions host runs durable work only through functions: every orchestrator and activity needs its trigger.</summary>
public sealed class DurableTriggerTests
{
    private static readonly IReadOnlyDictionary<string, Type> Triggers = typeof(DurableTriggers).GetMethods()
        .Select(m => (Name: m.GetCustomAttribute<FunctionAttribute>()?.Name, Trigger: m.GetParameters().FirstOrDefault()?.GetCustomAttributes().FirstOrDefault()?.GetType()))
        .Where(f => f.Name is not null && f.Trigger is not null)
        .ToDictionary(f => f.Name!, f => f.Trigger!);

    public static TheoryData<string, Type> Tasks()
    {
        var tasks = new TheoryData<string, Type>();
        foreach (var type in typeof(WorkflowServices).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsClass: true }))
        {
            if (typeof(ITaskOrchestrator).IsAssignableFrom(type))
            {
                tasks.Add(type.Name, typeof(OrchestrationTriggerAttribute));
            }
            else if (typeof(ITaskActivity).IsAssignableFrom(type))
            {
                tasks.Add(type.Name, typeof(ActivityTriggerAttribute));
            }
        }

        return tasks;
    }

    [Theory]
    [MemberData(nameof(Tasks))]
    public void Every_orchestrator_and_activity_of_the_workflow_has_a_function_of_its_name_and_kind(string task, Type trigger)
    {
        Assert.True(Triggers.TryGetValue(task, out var found), $"no function named {task}");
        Assert.Equal(trigger, found);
    }

    [Fact]
    public void There_is_no_trigger_for_a_task_the_workflow_does_not_have() =>
        Assert.Equal(Tasks().Select(t => (string)t[0]).Order(StringComparer.Ordinal), Triggers.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public async Task An_activity_trigger_runs_the_activity_built_from_the_invocations_services()
    {
        var store = new MemoryArtifactStore();
        var runs = new RunStore(store);
        // The run's suite has a task in an image of its own, so its agents are built as one file.
        await store.PutAsync(SuiteLayout.Manifest("images"), DgmJson.Serialize(new SuiteManifest { Name = "images", Tasks = ["t1"] }));
        await store.PutAsync(SuiteLayout.Task("images", "t1"), DgmJson.Serialize(new BenchmarkTask { Id = "t1", Language = "python", TestCommand = "pytest", Image = "task-image" }));
        await runs.CreateRunAsync(new RunRecord
        {
            RunId = "run-1", Config = new RunConfig { Benchmark = new BenchmarkSettings { Suite = "images" } }, SeedSnapshot = "abc", SuiteManifestSha = "sha", CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await store.PutAsync(ArtifactKeys.BuildRecord("abc", AgentBuild.SingleFile), DgmJson.Serialize(new BuildOutcome { Built = true, SelfTestPassed = false }));
        await store.PutAsync(ArtifactKeys.BuildRecord("def", AgentBuild.FrameworkDependent), DgmJson.Serialize(new BuildOutcome { Built = true, SelfTestPassed = true }));
        using var services = new ServiceCollection()
            .AddSingleton<IArtifactStore>(store).AddSingleton(runs).AddSingleton<IToolchainProbe, NoToolchains>().AddSingleton<RunCatalog>()
            .BuildServiceProvider();

        var found = await DurableTriggers.FindBuildActivityTrigger(new BuildRef("run-1", "abc"), "run-1", new InvocationContext(services));
        var otherFlavour = await DurableTriggers.FindBuildActivityTrigger(new BuildRef("run-1", "def"), "run-1", new InvocationContext(services));

        Assert.NotNull(found);
        Assert.True(found.Outcome.Built);
        Assert.False(found.Outcome.SelfTestPassed);
        Assert.Equal(ArtifactKeys.Build("abc", AgentBuild.SingleFile), found.BuildKey);
        Assert.Equal("builds/abc.single-file.tar.gz", found.BuildKey);
        Assert.Null(otherFlavour);
    }

    private sealed class NoToolchains : IToolchainProbe
    {
        public bool IsAvailable(string command) => false;
    }

    /// <summary>A function invocation as the worker passes it; the triggers use only its services.</summary>
    private sealed class InvocationContext(IServiceProvider services) : FunctionContext
    {
        public override string InvocationId => "invocation-1";

        public override string FunctionId => "function-1";

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => throw new NotSupportedException();

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
