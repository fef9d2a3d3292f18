using System.Text;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Dgm.Azure.Artifacts;
using Dgm.Core.Artifacts;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dgm.Azure.Sandbox;

/// <summary>
/// Runs each job in its own Azure Container Instances container group, managed through ARM generic resources with
/// one pinned API version. The group runs the sandbox image's runner once: it fetches inputs and uploads outputs,
/// log and result.json through short-lived single-blob SAS URLs, so the container holds no storage credential.
/// Every call works from the handle alone (the group name is derived from the run and job ids, and what collection
/// needs is stored at start), so start, poll, collect and delete may run in different processes.
/// </summary>
public sealed class AciSandbox : ISandbox
{
    /// <summary>
    /// The pinned Microsoft.ContainerInstance API version. Pinned because generic resources would otherwise ask the
    /// provider for its newest version, and a body shape must not change under us. 2023-05-01 is a stable version
    /// whose published spec has every field we send (secureValue, imageRegistryCredentials.identity, subnetIds,
    /// resource limits) and read (instanceView states, exit codes, events, the logs action); later versions add
    /// only what we do not use (priority, confidential SKUs, standby pools).
    /// </summary>
    public const string ApiVersion = "2023-05-01";

    public static readonly ResourceType ContainerGroupType = new("Microsoft.ContainerInstance/containerGroups");

    private const string Isolation = "aci";

    private readonly ArmClient _arm;
    private readonly BlobArtifactStore _store;
    private readonly AciSandboxOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="armOptions">Transport, environment and diagnostics for ARM; the API version and retry count are set on it here.</param>
    public AciSandbox(
        TokenCredential credential,
        BlobArtifactStore store,
        AciSandboxOptions options,
        ArmClientOptions? armOptions = null,
        ILogger<AciSandbox>? logger = null,
        TimeProvider? time = null)
    {
        armOptions ??= new ArmClientOptions();
        armOptions.SetApiVersion(ContainerGroupType, ApiVersion);
        armOptions.Retry.MaxRetries = options.MaxArmRetries;
        _arm = new ArmClient(credential, options.SubscriptionId, armOptions);
        _store = store;
        _options = options;
        _logger = logger ?? NullLogger<AciSandbox>.Instance;
        _time = time ?? TimeProvider.System;
    }

    public string Name => Isolation;

    public async Task<SandboxJobHandle> StartAsync(SandboxJob job, CancellationToken cancellationToken = default)
    {
        ContainerGroupDefinition.EnsureRunnable(job, _options);
        var handle = new SandboxJobHandle(job.Id, job.RunId, Isolation);
        var group = GroupName(handle);
        if (await FindAsync(handle, "start", cancellationToken) is not null)
        {
            // A retried start (the activity died after the PUT): the group is running the job already.
            _logger.LogInformation("Container group {Group} for job {JobId} exists already; not creating it again", group, job.Id);
            return handle;
        }

        var scratch = new SandboxScratch(job.RunId, job.Id);
        await _store.PutAsync(scratch.Record, new SandboxRecord(job.Outputs, job.Limits.OutputBytes).ToJson(), cancellationToken);
        var spec = await TransferSpecAsync(job, scratch, cancellationToken);

        _logger.LogInformation(
            "Creating container group {Group} for {Kind} job {JobId} of run {RunId} ({Cpus} CPU, {MemoryMb} MB, {WallSeconds} s)",
            group, job.Kind, job.Id, job.RunId, job.Limits.Cpus, job.Limits.MemoryMb, job.Limits.WallSeconds);
        try
        {
            // Started, not Completed: provisioning (image pull, scheduling) is what polling is for.
            await _arm.GetGenericResources().CreateOrUpdateAsync(
                WaitUntil.Started, GroupId(group), ContainerGroupDefinition.Build(job, _options, JobsJson.Write(spec)), cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            var failure = ArmFailure.Translate(ex, "create", group);
            if (ArmFailure.IsBusy(failure))
            {
                _logger.LogWarning("ACI cannot take job {JobId} now ({Code}); it will wait and start again", job.Id, failure.Code);
                throw new SandboxBusyException(failure.Message, failure.RetryAfter, failure);
            }

            throw failure;
        }

        return handle;
    }

    public async Task<SandboxJobState> PollAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default) =>
        await FindAsync(handle, "poll", cancellationToken) is { } data ? ContainerGroupView.Parse(data.Properties).State : SandboxJobState.Lost;

    public async Task<SandboxJobResult> CollectAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        var scratch = new SandboxScratch(handle.RunId, handle.JobId);
        var record = await _store.GetAsync(scratch.Record, cancellationToken);
        if (record is null)
        {
            return Failed(handle, "the sandbox has no record of this job: it was never started here, or was deleted already", LimitHit.None, "", 0);
        }

        var job = SandboxRecord.Parse(record.Content);
        var result = await _store.GetAsync(scratch.Result, cancellationToken);
        return result is null
            ? await CollectWithoutResultAsync(handle, job, cancellationToken)
            : await CollectResultAsync(handle, scratch, job, JobsJson.Read<TransferResult>(result.Content, scratch.Result), cancellationToken);
    }

    public async Task DeleteAsync(SandboxJobHandle handle, CancellationToken cancellationToken = default)
    {
        var group = GroupName(handle);
        try
        {
            await _arm.GetGenericResource(GroupId(group)).DeleteAsync(WaitUntil.Started, cancellationToken);
            _logger.LogInformation("Deleting container group {Group} of job {JobId}", group, handle.JobId);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Never created, or deleted already: deleting is done.
        }
        catch (RequestFailedException ex)
        {
            throw ArmFailure.Translate(ex, "delete", group);
        }

        var scratch = new SandboxScratch(handle.RunId, handle.JobId);
        await foreach (var key in _store.ListAsync(scratch.Prefix, cancellationToken))
        {
            await _store.DeleteAsync(key, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<SandboxJobHandle>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        var resourceGroup = _arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(_options.SubscriptionId, _options.ResourceGroup));
        var handles = new List<SandboxJobHandle>();
        try
        {
            var filter = $"resourceType eq '{ContainerGroupType}'";
            await foreach (var resource in resourceGroup.GetGenericResourcesAsync(filter: filter, cancellationToken: cancellationToken))
            {
                var tags = resource.Data.Tags;
                if (tags.TryGetValue(ContainerGroupDefinition.RunTag, out var run) && run == runId && tags.TryGetValue(ContainerGroupDefinition.JobTag, out var job))
                {
                    handles.Add(new SandboxJobHandle(job, runId, Isolation));
                }
            }
        }
        catch (RequestFailedException ex)
        {
            throw ArmFailure.Translate(ex, "list", _options.ResourceGroup);
        }

        return handles;
    }

    private async Task<TransferSpec> TransferSpecAsync(SandboxJob job, SandboxScratch scratch, CancellationToken cancellationToken)
    {
        // The URLs must last through queueing, image pull, the whole wall limit and the uploads after it.
        var expiresOn = _time.GetUtcNow() + TimeSpan.FromSeconds(job.Limits.WallSeconds) + _options.SasSlack;
        var inputs = new List<TransferInput>();
        foreach (var input in job.Inputs)
        {
            inputs.Add(new TransferInput(await _store.GetReadSasUriAsync(input.ArtifactKey, expiresOn, cancellationToken), input.Path, input.Unpack));
        }

        var outputs = new List<TransferOutput>();
        for (var i = 0; i < job.Outputs.Count; i++)
        {
            outputs.Add(new TransferOutput(job.Outputs[i].Path, await _store.GetWriteSasUriAsync(scratch.Output(i), expiresOn, cancellationToken), job.Outputs[i].Pack));
        }

        return new TransferSpec
        {
            JobId = job.Id,
            Inputs = inputs,
            Command = job.Command,
            WorkingDirectory = job.WorkingDirectory,
            WallSeconds = job.Limits.WallSeconds,
            CpuSeconds = job.Limits.CpuSeconds,
            Processes = job.Limits.Processes,
            FileSizeMb = job.Limits.DiskMb,
            OutputBytes = job.Limits.OutputBytes,
            Outputs = outputs,
            ResultUrl = await _store.GetWriteSasUriAsync(scratch.Result, expiresOn, cancellationToken),
            LogUrl = await _store.GetWriteSasUriAsync(scratch.Log, expiresOn, cancellationToken),
        };
    }

    private async Task<SandboxJobResult> CollectResultAsync(SandboxJobHandle handle, SandboxScratch scratch, SandboxRecord job, TransferResult result, CancellationToken cancellationToken)
    {
        var outputs = new List<ArtifactRef>();
        var problems = new List<string>();
        for (var i = 0; i < job.Outputs.Count; i++)
        {
            var report = i < result.Outputs.Count ? result.Outputs[i] : null;
            if (report is not { Uploaded: true })
            {
                // A missing output is the command's doing (it did not produce it), not the sandbox's.
                continue;
            }

            var staged = await _store.GetAsync(scratch.Output(i), cancellationToken);
            if (staged is null || (report.Sha256 is { } sha && sha != staged.Sha256))
            {
                problems.Add($"output '{job.Outputs[i].Path}' was reported uploaded but is {(staged is null ? "missing" : "corrupt")}");
                continue;
            }

            outputs.Add(await _store.PutAsync(job.Outputs[i].ArtifactKey, staged.Content, cancellationToken));
        }

        if (result.Error is not null)
        {
            problems.Insert(0, result.Error);
        }

        var log = await _store.GetAsync(scratch.Log, cancellationToken);
        return new SandboxJobResult
        {
            JobId = handle.JobId,
            ExitCode = result.ExitCode,
            LimitsHit = Limits(result.LimitsHit),
            Isolation = Isolation,
            Usage = new SandboxUsage(result.WallSeconds, result.CpuSeconds, result.PeakMemoryBytes),
            // The runner already clipped its log; this only holds the limit for a log it did not write.
            Output = log is null ? "" : Clip.HeadAndTail(Encoding.UTF8.GetString(log.Content), job.OutputBytes),
            OutputTruncated = result.OutputTruncated,
            Outputs = outputs,
            Error = problems.Count == 0 ? null : string.Join("; ", problems),
        };
    }

    private async Task<SandboxJobResult> CollectWithoutResultAsync(SandboxJobHandle handle, SandboxRecord job, CancellationToken cancellationToken)
    {
        var group = GroupName(handle);
        var data = await FindAsync(handle, "collect", cancellationToken);
        if (data is null)
        {
            return Failed(handle, $"the runner left no result and container group '{group}' is gone", LimitHit.None, "", 0);
        }

        var view = ContainerGroupView.Parse(data.Properties);
        string logs;
        try
        {
            logs = await new ContainerLogs(_arm, GroupId(group)).GetAsync(ContainerGroupDefinition.ContainerName, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            // A container that never started has no logs; the group's state and events explain it instead.
            logs = $"[container logs unavailable: HTTP {ex.Status}]";
        }

        // Still pending or running when the caller's deadline passed: the job overran, whatever held it up.
        var limits = view.State is SandboxJobState.Pending or SandboxJobState.Running ? LimitHit.WallTime : LimitHit.None;
        // Container logs end with what went wrong, so their tail is kept.
        return Failed(handle, $"the runner left no result: {view.Describe()}", limits, Clip.Tail(logs, job.OutputBytes), view.WallSeconds);
    }

    private static SandboxJobResult Failed(SandboxJobHandle handle, string error, LimitHit limits, string output, double wallSeconds) => new()
    {
        JobId = handle.JobId,
        LimitsHit = limits,
        Isolation = Isolation,
        Usage = new SandboxUsage(wallSeconds, 0, 0),
        Output = output,
        Error = error,
    };

    /// <summary>The group's ARM data, or null when it does not exist.</summary>
    private async Task<GenericResourceData?> FindAsync(SandboxJobHandle handle, string operation, CancellationToken cancellationToken)
    {
        var group = GroupName(handle);
        try
        {
            var resource = await _arm.GetGenericResource(GroupId(group)).GetAsync(cancellationToken);
            return resource.Value.Data;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw ArmFailure.Translate(ex, operation, group);
        }
    }

    private ResourceIdentifier GroupId(string group) =>
        new($"/subscriptions/{_options.SubscriptionId}/resourceGroups/{_options.ResourceGroup}/providers/{ContainerGroupType}/{group}");

    private static string GroupName(SandboxJobHandle handle) => ContainerGroupName.For(handle.RunId, handle.JobId);

    private static LimitHit Limits(IEnumerable<string> names) => names.Aggregate(LimitHit.None, (all, name) => all | name switch
    {
        "wallTime" => LimitHit.WallTime,
        "cpuTime" => LimitHit.CpuTime,
        "memory" => LimitHit.Memory,
        "processes" => LimitHit.Processes,
        "disk" => LimitHit.Disk,
        _ => LimitHit.None,
    });
}
