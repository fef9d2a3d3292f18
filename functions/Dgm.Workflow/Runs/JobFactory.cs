using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Budget;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Workflow.Runs;

/// <summary>A job ready to launch: the sandbox job, its budget ceiling and, for agent jobs, the model scope its token grants.</summary>
public sealed record PreparedJob(SandboxJob Job, Spend Ceiling, ModelCallScope? Scope);

/// <summary>Turns a <see cref="JobRequest"/> into the concrete sandbox job of the run's configuration, with a scoped gateway token.</summary>
public sealed class JobFactory(RunCatalog catalog, GatewayTokens tokens, TimeProvider time)
{
    public async Task<PreparedJob> PrepareAsync(StartJobInput launch)
    {
        var request = launch.Request;
        var config = await catalog.ConfigAsync(request.RunId);
        var harness = new HarnessJobs(config);
        var id = launch.Identity;
        var scope = Scope(launch, config);

        SandboxJob job;
        switch (request.Kind)
        {
            case StepKind.SelfModify:
                job = harness.SelfModify(id, Required(request.BuildKey), Required(request.SnapshotKey), Required(request.ProblemKey));
                break;
            case StepKind.Build:
                job = harness.Build(id, Required(request.SnapshotKey));
                break;
            case StepKind.Solve:
                var suite = await catalog.SuiteAsync(request.RunId);
                job = harness.Solve(id, Required(request.BuildKey), suite.Name, suite.Task(Required(request.TaskId)));
                break;
            case StepKind.Grade:
                var gradeSuite = await catalog.SuiteAsync(request.RunId);
                job = harness.Grade(id, gradeSuite.Name, gradeSuite.Task(Required(request.TaskId)), Required(request.PatchKey));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(launch), request.Kind, "Unknown job kind.");
        }

        if (scope is not null)
        {
            var expires = time.GetUtcNow().AddSeconds(job.Limits.WallSeconds) + TimeSpan.FromMinutes(5);
            job = job with { GatewayToken = tokens.Issue(new GatewayGrant(scope, expires)) };
        }

        var ceiling = new CostModel(config).SandboxJobCeiling(job.Limits.WallSeconds, scope?.TokenBudget ?? 0);
        return new PreparedJob(job, ceiling, scope);
    }

    /// <summary>The model scope an agent job's gateway token grants (self-modify and solve); null for jobs that call no model.</summary>
    public async Task<ModelCallScope?> ScopeAsync(StartJobInput launch) => Scope(launch, await catalog.ConfigAsync(launch.Request.RunId));

    private static ModelCallScope? Scope(StartJobInput launch, Core.Configuration.RunConfig config) =>
        launch.Request.Kind is StepKind.Solve or StepKind.SelfModify
            ? new ModelCallScope
            {
                RunId = launch.Request.RunId,
                NodeId = launch.Request.NodeId,
                TaskId = launch.Request.TaskId,
                Purpose = launch.Request.Kind == StepKind.Solve ? ModelPurpose.Solve : ModelPurpose.SelfModify,
                JobId = launch.LaunchKey,
                TokenBudget = config.Models.Coding.TokenBudgetPerJob,
            }
            : null;

    private static string Required(string? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null) =>
        value ?? throw new ArgumentException($"The job request lacks {name}.", name);
}
