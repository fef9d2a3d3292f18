using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Budget;
using Dgm.Core.Configuration;
using Dgm.Core.Gateway;
using Dgm.Core.Harness;
using Dgm.Core.Models;
using Dgm.Core.Sandbox;
using Dgm.Jobs;

namespace Dgm.Workflow.Runs;

/// <summary>A job ready to reserve: the sandbox job, not yet granted a gateway token, and the configuration that prices it.</summary>
public sealed record PreparedJob(StartJobInput Launch, SandboxJob Job, RunConfig Config)
{
    /// <summary>
    /// The most the job can cost given what the run has left: its whole wall time and, for an agent job, the token
    /// budget it will be granted (the configured one, or its share of what is left).
    /// </summary>
    public Spend Ceiling(Spend remaining)
    {
        var costs = new CostModel(Config);
        var tokens = JobFactory.CallsModel(Launch.Request) ? costs.JobTokenBudget(Config.Models.Coding, remaining) : 0;
        return costs.SandboxJobCeiling(Job.Limits.WallSeconds, tokens);
    }
}

/// <summary>Turns a <see cref="JobRequest"/> into the concrete sandbox job of the run's configuration, with a scoped gateway token.</summary>
public sealed class JobFactory(RunCatalog catalog, GatewayTokens tokens, TimeProvider time)
{
    /// <summary>Agent jobs (self-modify and solve) call the coding model through the gateway; the others call none.</summary>
    public static bool CallsModel(JobRequest request) => request.Kind is StepKind.Solve or StepKind.SelfModify;

    public async Task<PreparedJob> PrepareAsync(StartJobInput launch)
    {
        var request = launch.Request;
        var config = await catalog.ConfigAsync(request.RunId);
        var harness = new HarnessJobs(config);
        var id = launch.Identity;

        SandboxJob job;
        switch (request.Kind)
        {
            case StepKind.SelfModify:
                job = harness.SelfModify(id, Required(request.BuildKey), Required(request.SnapshotKey), Required(request.ProblemKey));
                break;
            case StepKind.Build:
                job = harness.Build(id, Required(request.SnapshotKey), await catalog.AgentBuildAsync(request.RunId));
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

        return new PreparedJob(launch, job, config);
    }

    /// <summary>
    /// The job as launched: an agent job carries a gateway token for exactly the tokens its reservation holds, so it
    /// can never spend more than was reserved for it.
    /// </summary>
    public SandboxJob Grant(PreparedJob prepared, Spend reserved)
    {
        var request = prepared.Launch.Request;
        if (!CallsModel(request))
        {
            return prepared.Job;
        }

        var scope = new ModelCallScope
        {
            RunId = request.RunId,
            NodeId = request.NodeId,
            TaskId = request.TaskId,
            Purpose = request.Kind == StepKind.Solve ? ModelPurpose.Solve : ModelPurpose.SelfModify,
            JobId = prepared.Launch.LaunchKey,
            TokenBudget = reserved.Tokens,
        };
        var expires = time.GetUtcNow().AddSeconds(prepared.Job.Limits.WallSeconds) + TimeSpan.FromMinutes(5);
        return prepared.Job with { GatewayToken = tokens.Issue(new GatewayGrant(scope, expires)) };
    }

    private static string Required(string? value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null) =>
        value ?? throw new ArgumentException($"The job request lacks {name}.", name);
}
