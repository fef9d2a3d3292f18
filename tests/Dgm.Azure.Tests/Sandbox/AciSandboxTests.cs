using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dgm.Azure.Sandbox;
using Dgm.Azure.Tests.Azurite;
using Dgm.Azure.Tests.FakeArm;
using Dgm.Azure.Tests.Runner;
using Dgm.Core.Sandbox;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Azure.Tests.Sandbox;

/// <summary>The ACI sandbox against an HTTPS server speaking the ARM container-group protocol, with a real Azurite store.</summary>
[Collection(AciTests.Name)]
public sealed class AciSandboxTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_puts_one_locked_down_container_group_with_secrets_only_in_secure_values()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        await aci.Store.PutAsync("snapshots/abc.tar.gz", RunnerHarness.TarGz(("src/main.txt", "x")));
        var job = AciHarness.Job();

        var handle = await aci.Sandbox.StartAsync(job);

        Assert.Equal(new SandboxJobHandle("build-n1", "run-7", "aci"), handle);
        var put = Assert.Single(aci.Arm.RequestsTo("PUT", ContainerGroupName.For("run-7", "build-n1")));
        Assert.Contains("api-version=2023-05-01", put.Query, StringComparison.Ordinal);
        var body = JsonNode.Parse(put.Body)!;
        Assert.Equal("westeurope", body["location"]!.GetValue<string>());
        Assert.Equal("UserAssigned", body["identity"]!["type"]!.GetValue<string>());
        Assert.NotNull(body["identity"]!["userAssignedIdentities"]![AciHarness.Options.IdentityResourceId]);
        Assert.Equal("run-7", body["tags"]!["dgm-run"]!.GetValue<string>());
        Assert.Equal("build-n1", body["tags"]!["dgm-job"]!.GetValue<string>());
        Assert.Equal("build", body["tags"]!["dgm-kind"]!.GetValue<string>());

        var properties = body["properties"]!;
        Assert.Equal("Never", properties["restartPolicy"]!.GetValue<string>());
        Assert.Equal("Linux", properties["osType"]!.GetValue<string>());
        Assert.Null(properties["ipAddress"]);
        Assert.Equal(AciHarness.Options.SubnetId, properties["subnetIds"]![0]!["id"]!.GetValue<string>());
        var credential = Assert.Single(properties["imageRegistryCredentials"]!.AsArray())!;
        Assert.Equal("dgmacr.azurecr.io", credential["server"]!.GetValue<string>());
        Assert.Equal(AciHarness.Options.IdentityResourceId, credential["identity"]!.GetValue<string>());
        Assert.Null(credential["password"]);

        var container = Assert.Single(properties["containers"]!.AsArray())!["properties"]!;
        Assert.Equal("dgmacr.azurecr.io/dgm-sandbox:1", container["image"]!.GetValue<string>());
        Assert.Equal(2.0, container["resources"]!["requests"]!["cpu"]!.GetValue<double>());
        Assert.Equal(3.0, container["resources"]!["requests"]!["memoryInGB"]!.GetValue<double>());
        Assert.Equal(3.0, container["resources"]!["limits"]!["memoryInGB"]!.GetValue<double>());

        var variables = container["environmentVariables"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!.AsObject());
        Assert.Equal(["DGM_JOB_SPEC", "DGM_MODEL_NAME", "DGM_MODEL_TOKEN", "DGM_MODEL_URL"], variables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("demo-model", variables["DGM_MODEL_NAME"]["value"]!.GetValue<string>());
        Assert.Equal("https://dgm-functions.example.net/api/gateway/", variables["DGM_MODEL_URL"]["value"]!.GetValue<string>());
        Assert.Equal("gw-secret-token-123", variables["DGM_MODEL_TOKEN"]["secureValue"]!.GetValue<string>());
        Assert.Null(variables["DGM_MODEL_TOKEN"]["value"]);
        Assert.Null(variables["DGM_JOB_SPEC"]["value"]);

        var spec = JsonNode.Parse(variables["DGM_JOB_SPEC"]["secureValue"]!.GetValue<string>())!;
        Assert.Equal(job.Command, spec["command"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(600, spec["wallSeconds"]!.GetValue<int>());
        Assert.Equal(900, spec["cpuSeconds"]!.GetValue<double>());
        Assert.Equal(256, spec["processes"]!.GetValue<int>());
        Assert.Equal(2048, spec["fileSizeMb"]!.GetValue<int>());
        Assert.Equal(10_000, spec["outputBytes"]!.GetValue<int>());
        var input = spec["inputs"]![0]!;
        Assert.Equal("agent", input["path"]!.GetValue<string>());
        Assert.True(input["unpack"]!.GetValue<bool>());
        Assert.Contains("/snapshots/abc.tar.gz?", input["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("sp=r&", input["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("sp=cw&", spec["outputs"]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/scratch/sandbox/run-7/build-n1/result.json?", spec["resultUrl"]!.GetValue<string>(), StringComparison.Ordinal);

        // The spec and token travel only in secureValue, which a GET never returns.
        var got = aci.Arm.Groups[ContainerGroupName.For("run-7", "build-n1")].ToResponse("id").ToJsonString();
        Assert.DoesNotContain("gw-secret-token-123", got, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", got, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_goes_through_start_poll_collect_and_delete_with_the_real_runner()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        await aci.Store.PutAsync("snapshots/abc.tar.gz", RunnerHarness.TarGz(("src/main.txt", "agent source")));
        var job = AciHarness.Job();
        var handle = await aci.Sandbox.StartAsync(job);
        var group = aci.Group(job);

        Assert.Equal(SandboxJobState.Pending, await aci.Sandbox.PollAsync(handle));
        group.Run();
        Assert.Equal(SandboxJobState.Running, await aci.Sandbox.PollAsync(handle));

        // The container: the runner with exactly the environment the PUT gave it.
        using (var root = new TempDirectory("dgm-aci-job"))
        {
            var environment = group.Body["properties"]!["containers"]![0]!["properties"]!["environmentVariables"]!.AsArray()
                .ToDictionary(v => v!["name"]!.GetValue<string>(), v => (v!["secureValue"] ?? v["value"])!.GetValue<string>());
            var (exitCode, output) = await RunnerHarness.RunTransferAsync(environment, root.Path);
            Assert.True(exitCode == 0, output);
        }

        group.Terminate(0);
        Assert.Equal(SandboxJobState.Exited, await aci.Sandbox.PollAsync(handle));

        var result = await aci.Sandbox.CollectAsync(handle);
        Assert.Null(result.Error);
        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("aci", result.Isolation);
        Assert.Contains("agent source", result.Output, StringComparison.Ordinal);
        Assert.Contains("url=https://dgm-functions.example.net/api/gateway/", result.Output, StringComparison.Ordinal);
        Assert.True(result.Usage.WallSeconds > 0);
        Assert.Equal(["builds/abc.tar.gz", "runs/run-7/nodes/n1/patch.diff"], result.Outputs.Select(o => o.Key));
        var build = (await aci.Store.GetAsync("builds/abc.tar.gz"))!;
        Assert.Equal("compiled\n", RunnerHarness.ReadTarGz(build.Content)["app.dll"].Content);
        Assert.Equal(build.Sha256, result.Outputs[0].Sha256);
        Assert.Equal("diff\n", Encoding.UTF8.GetString((await aci.Store.GetAsync("runs/run-7/nodes/n1/patch.diff"))!.Content));

        // Collecting again (a retried activity) gives the same answer.
        Assert.Equal(result.Outputs, (await aci.Sandbox.CollectAsync(handle)).Outputs);

        await aci.Sandbox.DeleteAsync(handle);
        Assert.Single(aci.Arm.RequestsTo("DELETE", ContainerGroupName.For("run-7", "build-n1")));
        Assert.Empty(aci.Arm.Groups);
        Assert.Empty(await ToListAsync(aci.Store.ListAsync("scratch/")));
        Assert.True(await aci.Store.ExistsAsync("builds/abc.tar.gz"));
        Assert.Equal(SandboxJobState.Lost, await aci.Sandbox.PollAsync(handle));
        await aci.Sandbox.DeleteAsync(handle);

        var logs = string.Join('\n', aci.Logger.Messages);
        Assert.Contains(ContainerGroupName.For("run-7", "build-n1"), logs, StringComparison.Ordinal);
        Assert.DoesNotContain("gw-secret-token-123", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_result_collect_reports_the_container_state_and_its_logs()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };
        var handle = await aci.Sandbox.StartAsync(job);
        var group = aci.Group(job);
        group.Terminate(3);
        group.Logs = "dgm-runner: could not upload the result: PUT answered HTTP 403\n";

        Assert.Equal(SandboxJobState.Exited, await aci.Sandbox.PollAsync(handle));
        var result = await aci.Sandbox.CollectAsync(handle);

        Assert.False(result.Succeeded);
        Assert.Null(result.ExitCode);
        Assert.Contains("left no result", result.Error, StringComparison.Ordinal);
        Assert.Contains("runner exit code 3", result.Error, StringComparison.Ordinal);
        Assert.Contains("could not upload the result", result.Output, StringComparison.Ordinal);
        Assert.Equal(42, result.Usage.WallSeconds);
        Assert.Single(aci.Arm.RequestsTo("GET", "/containers/runner/logs"));

        await aci.Sandbox.DeleteAsync(handle);
        Assert.Empty(aci.Arm.Groups);
    }

    [Fact]
    public async Task Failed_provisioning_is_a_lost_job_with_its_reason_and_is_still_deleted()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };
        var handle = await aci.Sandbox.StartAsync(job);
        aci.Group(job).FailProvisioning("Failed", "Failed to pull image \"dgmacr.azurecr.io/dgm-sandbox:1\": unauthorized");

        Assert.Equal(SandboxJobState.Lost, await aci.Sandbox.PollAsync(handle));
        var result = await aci.Sandbox.CollectAsync(handle);

        Assert.False(result.Succeeded);
        Assert.Contains("provisioning Failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("Failed to pull image", result.Error, StringComparison.Ordinal);
        await aci.Sandbox.DeleteAsync(handle);
        Assert.Empty(aci.Arm.Groups);
        Assert.Empty(await ToListAsync(aci.Store.ListAsync("scratch/")));
    }

    [Fact]
    public async Task A_job_still_running_when_the_orchestrator_gives_up_is_timed_out_and_deleted()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };
        var handle = await aci.Sandbox.StartAsync(job);
        aci.Group(job).Run();
        aci.Group(job).Logs = "still working\n";

        Assert.Equal(SandboxJobState.Running, await aci.Sandbox.PollAsync(handle));
        var result = await aci.Sandbox.CollectAsync(handle);
        await aci.Sandbox.DeleteAsync(handle);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Contains("container Running", result.Error, StringComparison.Ordinal);
        Assert.Equal("still working\n", result.Output);
        Assert.Single(aci.Arm.RequestsTo("DELETE", ContainerGroupName.For(job.RunId, job.Id)));
        Assert.Empty(aci.Arm.Groups);
    }

    [Fact]
    public async Task A_failed_poll_is_a_retryable_error_and_delete_still_works()
    {
        await using var aci = await AciHarness.StartAsync(azurite, maxArmRetries: 1);
        var job = AciHarness.Job() with { Inputs = [] };
        var handle = await aci.Sandbox.StartAsync(job);
        var group = ContainerGroupName.For(job.RunId, job.Id);
        aci.Arm.FailNext("GET", group, 500, "InternalServerError", "Something went wrong.", times: 2);

        var error = await Assert.ThrowsAsync<SandboxException>(() => aci.Sandbox.PollAsync(handle));
        Assert.True(error.Retryable);
        Assert.Equal(500, error.Status);
        Assert.Equal("InternalServerError", error.Code);
        Assert.Contains("poll", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, aci.Arm.RequestsTo("GET", group).Count()); // the start's existence check, then a try and one retry

        await aci.Sandbox.DeleteAsync(handle);
        Assert.Empty(aci.Arm.Groups);
    }

    [Theory]
    [InlineData(409, "Conflict", "The container group is still transitioning; retry later.", true)]
    [InlineData(400, "InvalidContainerGroupName", "The container group name is invalid.", false)]
    public async Task A_refused_start_says_why_and_whether_to_retry(int status, string code, string message, bool retryable)
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };
        aci.Arm.FailNext("PUT", ContainerGroupName.For(job.RunId, job.Id), status, code, message);

        var error = await Assert.ThrowsAsync<SandboxException>(() => aci.Sandbox.StartAsync(job));

        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
        Assert.Equal(retryable, error.Retryable);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Single(aci.Arm.RequestsTo("PUT", ContainerGroupName.For(job.RunId, job.Id)));

        // The orchestrator deletes on every path: the scratch record of the refused start goes too.
        await aci.Sandbox.DeleteAsync(new SandboxJobHandle(job.Id, job.RunId, "aci"));
        Assert.Empty(await ToListAsync(aci.Store.ListAsync("scratch/")));
    }

    [Theory]
    [InlineData(400, "ContainerGroupQuotaReached", "Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota 'StandardCores' exceeded in region 'westeurope'. Limit: '10', Usage: '10' Requested: '2'.", null)]
    [InlineData(409, "ServiceUnavailable", "The requested resource is not available in the location 'westeurope' at this moment. Please retry your request or choose a different location.", null)]
    [InlineData(429, "TooManyRequests", "The server rejected the request because too many requests have been received for this subscription.", 7)]
    public async Task A_start_refused_for_want_of_room_is_busy_so_the_job_waits_instead_of_failing(int status, string code, string message, int? retryAfter)
    {
        await using var aci = await AciHarness.StartAsync(azurite, maxArmRetries: 0);
        var job = AciHarness.Job() with { Inputs = [] };
        aci.Arm.FailNext("PUT", ContainerGroupName.For(job.RunId, job.Id), status, code, message, retryAfterSeconds: retryAfter);

        var busy = await Assert.ThrowsAsync<SandboxBusyException>(() => aci.Sandbox.StartAsync(job));

        Assert.Contains(code, busy.Message, StringComparison.Ordinal);
        Assert.Contains(message, busy.Message, StringComparison.Ordinal);
        Assert.Equal(retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null, busy.RetryAfter);
        Assert.Empty(aci.Arm.Groups);

        // The same start succeeds once there is room.
        await aci.Sandbox.StartAsync(job);
        Assert.Single(aci.Arm.Groups);
    }

    [Fact]
    public async Task Throttling_waits_as_long_as_retry_after_says_and_then_succeeds()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };
        var group = ContainerGroupName.For(job.RunId, job.Id);
        aci.Arm.FailNext("PUT", group, 429, "TooManyRequests", "Too many requests.", retryAfterSeconds: 2);

        await aci.Sandbox.StartAsync(job);

        var puts = aci.Arm.RequestsTo("PUT", group).ToList();
        Assert.Equal(2, puts.Count);
        Assert.InRange(Stopwatch.GetElapsedTime(puts[0].Timestamp, puts[1].Timestamp), TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        Assert.Contains(group, aci.Arm.Groups.Keys);
    }

    [Fact]
    public async Task Throttling_past_the_retry_budget_is_a_retryable_error_that_carries_retry_after()
    {
        await using var aci = await AciHarness.StartAsync(azurite, maxArmRetries: 1);
        var job = AciHarness.Job() with { Inputs = [] };
        var handle = await aci.Sandbox.StartAsync(job);
        var group = ContainerGroupName.For(job.RunId, job.Id);
        aci.Arm.FailNext("GET", group, 429, "TooManyRequests", "Subscription throttled.", retryAfterSeconds: 1, times: 2);

        var error = await Assert.ThrowsAsync<SandboxException>(() => aci.Sandbox.PollAsync(handle));

        Assert.True(error.Retryable);
        Assert.Equal(429, error.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task A_retried_start_finds_the_group_and_does_not_create_it_again()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [] };

        var first = await aci.Sandbox.StartAsync(job);
        var second = await aci.Sandbox.StartAsync(job);

        Assert.Equal(first, second);
        Assert.Single(aci.Arm.RequestsTo("PUT", ContainerGroupName.For(job.RunId, job.Id)));
    }

    [Fact]
    public async Task List_finds_the_groups_of_one_run_across_pages()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        foreach (var (run, id) in new[] { ("run-a", "j1"), ("run-a", "j2"), ("run-b", "j1"), ("run-a", "j3") })
        {
            await aci.Sandbox.StartAsync(AciHarness.Job(id, run) with { Inputs = [] });
        }

        var handles = await aci.Sandbox.ListAsync("run-a");

        Assert.Equal(["j1", "j2", "j3"], handles.Select(h => h.JobId).Order(StringComparer.Ordinal));
        Assert.All(handles, h => Assert.Equal(new SandboxJobHandle(h.JobId, "run-a", "aci"), h));
        var lists = aci.Arm.RequestsTo("GET", "/resources").ToList();
        Assert.True(lists.Count >= 2, "the listing should have followed nextLink");
        Assert.Contains("resourceType%20eq%20%27Microsoft.ContainerInstance%2FcontainerGroups%27", lists[0].Query, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await aci.Sandbox.ListAsync("run-c"));
    }

    [Fact]
    public async Task Jobs_the_sandbox_cannot_run_are_refused_before_anything_is_created()
    {
        await using var aci = await AciHarness.StartAsync(azurite, options: AciHarness.Options with { GatewayUrl = null });

        var gateway = await Assert.ThrowsAsync<SandboxException>(() => aci.Sandbox.StartAsync(AciHarness.Job("j2") with { Inputs = [] }));
        await Assert.ThrowsAsync<ArgumentException>(() => aci.Sandbox.StartAsync(AciHarness.Job("j3") with
        {
            Inputs = [],
            Network = NetworkPolicy.None,
            Environment = new Dictionary<string, string> { ["DGM_JOB_SPEC"] = "{}" },
        }));

        Assert.Equal(("GatewayNotConfigured", false), (gateway.Code, gateway.Retryable));
        Assert.Empty(aci.Arm.Requests);
        Assert.Empty(await ToListAsync(aci.Store.ListAsync("")));
    }

    [Fact]
    public async Task A_solve_job_in_a_task_image_runs_the_runner_an_init_container_copied_in_and_the_agent_it_fetched()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        aci.Arm.Containers = ContainerEmulator.RunAsync;
        // The agent is built per snapshot, so no image holds it: the injected runner fetches it as an input, as any other.
        await aci.Store.PutAsync("builds/abc.single-file.tar.gz", SingleFileAgent("#!/bin/sh\necho agent ran in \"$PWD\"\n"));
        const string TaskImage = "swebench/sweb.eval.x86_64.django_1776_django-11099:latest";
        var job = AciHarness.Job() with
        {
            Kind = StepKind.Solve,
            Image = TaskImage,
            Inputs = [new SandboxInput("builds/abc.single-file.tar.gz", JobPaths.Agent, Unpack: true)],
            Command = [$"{JobPaths.Agent}/{JobPaths.AgentExecutable}"],
            Outputs = [],
        };

        var handle = await aci.Sandbox.StartAsync(job);

        var properties = aci.Group(job).Body["properties"]!;
        var volume = Assert.Single(properties["volumes"]!.AsArray())!;
        Assert.NotNull(volume["emptyDir"]);
        var name = volume["name"]!.GetValue<string>();
        var init = Assert.Single(properties["initContainers"]!.AsArray())!["properties"]!;
        Assert.Equal(AciHarness.Options.Image, init["image"]!.GetValue<string>());
        var staging = Assert.Single(init["volumeMounts"]!.AsArray())!;
        Assert.Equal(name, staging["name"]!.GetValue<string>());
        Assert.Null(init["environmentVariables"]);
        var container = Assert.Single(properties["containers"]!.AsArray())!["properties"]!;
        Assert.Equal(TaskImage, container["image"]!.GetValue<string>());
        var mount = Assert.Single(container["volumeMounts"]!.AsArray())!;
        Assert.Equal((name, "/dgm", true), (mount["name"]!.GetValue<string>(), mount["mountPath"]!.GetValue<string>(), mount["readOnly"]!.GetValue<bool>()));
        Assert.Equal([JobPaths.Runner, "transfer"], container["command"]!.AsArray().Select(a => a!.GetValue<string>()));

        // The emulated task image has no runner of its own: the job runs only if the init container put it in place.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await aci.Sandbox.PollAsync(handle) != SandboxJobState.Exited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var result = await aci.Sandbox.CollectAsync(handle);
        Assert.True(result.Succeeded, result.Error ?? result.Output);
        Assert.Contains("agent ran in /job", result.Output, StringComparison.Ordinal);
        await aci.Sandbox.DeleteAsync(handle);
    }

    /// <summary>A build as a single-file build job leaves it: one executable, here a script that says where it runs.</summary>
    private static byte[] SingleFileAgent(string script)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Pax))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, JobPaths.AgentExecutable)
            {
                Mode = (UnixFileMode)0b111_101_101,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(script)),
            });
        }

        return buffer.ToArray();
    }

    [Fact]
    public async Task A_job_without_the_gateway_keeps_its_own_environment_and_gets_no_gateway_token()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with { Inputs = [], Network = NetworkPolicy.None };

        await aci.Sandbox.StartAsync(job);

        var variables = aci.Group(job).Body["properties"]!["containers"]![0]!["properties"]!["environmentVariables"]!.AsArray();
        var names = variables.Select(v => v!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["DGM_JOB_SPEC", "DGM_MODEL_NAME", "DGM_MODEL_URL"], names);
        Assert.Equal("http://ignored-for-gateway-jobs", aci.Group(job).EnvironmentVariable("DGM_MODEL_URL")["value"]!.GetValue<string>());
        Assert.DoesNotContain("gw-secret-token-123", JsonSerializer.Serialize(variables), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_token_the_job_sets_itself_is_still_a_secure_value()
    {
        await using var aci = await AciHarness.StartAsync(azurite);
        var job = AciHarness.Job() with
        {
            Inputs = [],
            Network = NetworkPolicy.None,
            Environment = new Dictionary<string, string> { ["DGM_MODEL_TOKEN"] = "own-token" },
        };

        await aci.Sandbox.StartAsync(job);

        var token = aci.Group(job).EnvironmentVariable("DGM_MODEL_TOKEN");
        Assert.Equal("own-token", token["secureValue"]!.GetValue<string>());
        Assert.Null(token["value"]);
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> source)
    {
        var list = new List<string>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
