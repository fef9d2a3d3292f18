using Dgm.Core.Configuration;
using Dgm.Local.Doctor;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Models;
using Dgm.Models.Backends;
using Dgm.Testing;
using Microsoft.AspNetCore.Http;

namespace Dgm.Local.Tests.Doctor;

public sealed class DoctorChecksTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-doctor");

    public void Dispose() => _dir.Dispose();

    private string Data => _dir.Combine("dgm-data");

    private static DoctorCheck Row(IEnumerable<DoctorCheck> checks, string name) => Assert.Single(checks, c => c.Name == name);

    [Fact]
    public async Task On_this_machine_nothing_fails_and_jobs_run_under_bubblewrap_with_every_toolchain()
    {
        var checks = await DoctorChecks.ForLocal(Data, SandboxKind.Auto).AllAsync(new RunConfig(), ChatClientProvider.FromEnvironment);

        Assert.DoesNotContain(checks, c => c.Status == CheckStatus.Fail);
        Assert.Equal(DoctorCheck.Ok("isolation", "bubblewrap"), Row(checks, "isolation"));
        Assert.Equal(CheckStatus.Ok, Row(checks, "user namespaces").Status);
        Assert.StartsWith("bubblewrap jobs run under a filter that denies", Row(checks, "seccomp").Detail, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Ok, Row(checks, "data folder").Status);
        Assert.All(Toolchains.All, t => Assert.Equal(CheckStatus.Ok, Row(checks, $"toolchain: {t.Language}").Status));
        Assert.Equal(DoctorCheck.Ok("model (diagnosis, coding)", "replay of cassette 'demo' (scripted, no AI)"), Row(checks, "model (diagnosis, coding)"));
        Assert.Contains(checks, c => c.Name == "docker");
        Assert.StartsWith("about $", Row(checks, "cost of one iteration").Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"name=seccomp,profile=default\"]", CheckStatus.Warn, "without userns-remap: a Docker job's uid 1000 is the host's uid 1000")]
    [InlineData("[\"name=seccomp,profile=default\", \"name=userns\"]", CheckStatus.Ok, "user namespaces remapped: a job's uid 1000 is not the host's")]
    public async Task Docker_without_userns_remap_warns_that_job_uids_are_the_hosts(string securityOptions, CheckStatus status, string detail)
    {
        var socket = _dir.Combine("docker.sock");
        await using var engine = await RecordingHttpServer.StartAsync(
            (request, _, context) =>
            {
                context.Response.Headers["Api-Version"] = "1.41";
                return request.Path == "/info" ? RecordingHttpServer.Json(context, $$"""{ "SecurityOptions": {{securityOptions}} }""") : context.Response.WriteAsync("OK");
            },
            unixSocketPath: socket);

        var check = await DockerCheck.RunAsync("unix://" + socket, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(status, check.Status);
        Assert.Equal($"reachable at unix://{socket} (API 1.41), {detail}", check.Detail);
    }

    [Fact]
    public void Without_bubblewrap_jobs_fall_back_to_unshare_with_a_warning_and_the_package_to_install()
    {
        var options = LocalDgm.SandboxOptions(Data, SandboxKind.Auto) with { BubblewrapPath = _dir.Combine("hidden", "bwrap") };
        var checks = new DoctorChecks(Data, options, PathToolchainProbe.For(options)).Fast(new RunConfig());

        var isolation = Row(checks, "isolation");
        Assert.Equal(CheckStatus.Warn, isolation.Status);
        Assert.StartsWith("unshare: bubblewrap (bwrap) is not installed", isolation.Detail, StringComparison.Ordinal);
        Assert.Equal("apt-get install bubblewrap", isolation.Fix);
        Assert.StartsWith("unshare jobs run under a filter that denies", Row(checks, "seccomp").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unshare_without_perl_warns_that_jobs_run_without_the_filter()
    {
        var options = LocalDgm.SandboxOptions(Data, SandboxKind.Auto) with { BubblewrapPath = _dir.Combine("hidden", "bwrap"), PerlPath = _dir.Combine("hidden", "perl") };
        var checks = new DoctorChecks(Data, options, PathToolchainProbe.For(options)).Fast(new RunConfig());

        Assert.Equal(
            DoctorCheck.Warn("seccomp", "unshare: no seccomp filter (perl is missing)", "apt-get install perl-base, or apt-get install bubblewrap"),
            Row(checks, "seccomp"));
    }

    [Fact]
    public void A_missing_toolchain_names_its_language_and_the_package_that_provides_it()
    {
        var bin = Directory.CreateDirectory(_dir.Combine("bin")).FullName;
        foreach (var command in Toolchains.All.SelectMany(t => t.Commands).Where(c => c != "cargo"))
        {
            var path = Path.Combine(bin, command);
            File.WriteAllText(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var checks = new DoctorChecks(Data, LocalDgm.SandboxOptions(Data, SandboxKind.Auto), new PathToolchainProbe([bin])).Fast(new RunConfig());

        Assert.Equal(
            DoctorCheck.Warn("toolchain: rust", "rust tasks are skipped: cargo not on the sandbox's PATH", "apt-get install cargo"),
            Row(checks, "toolchain: rust"));
        Assert.Equal(CheckStatus.Ok, Row(checks, "toolchain: python").Status);
        Assert.Single(checks, c => c.Name.StartsWith("toolchain: ", StringComparison.Ordinal) && c.Status != CheckStatus.Ok);
    }

    [Fact]
    public void A_data_folder_inside_a_folder_the_sandbox_binds_fails()
    {
        var bound = Directory.CreateDirectory(_dir.Combine("toolchains")).FullName;
        var data = Path.Combine(bound, "dgm-data");
        var options = LocalDgm.SandboxOptions(data, SandboxKind.Auto) with { ReadOnlyPaths = [.. LocalSandboxOptions.DefaultReadOnlyPaths(), bound] };

        var check = Row(new DoctorChecks(data, options, PathToolchainProbe.For(options)).Fast(new RunConfig()), "data folder");

        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Equal($"{data} is inside {bound}, which every sandbox job sees read-only: jobs could read the store, the gateway key and other jobs' files", check.Detail);
        Assert.Equal($"use --data with a folder outside {bound} (e.g. ~/dgm-data)", check.Fix);

        // The defaults bind the system folders: a data folder under /usr is refused the same way.
        Assert.Equal(CheckStatus.Fail, Row(DoctorChecks.ForLocal("/usr/local/dgm-data", SandboxKind.Auto).Fast(new RunConfig()), "data folder").Status);
    }

    [Fact]
    public async Task A_model_endpoint_answering_401_fails_with_the_key_to_set()
    {
        await using var server = await RecordingHttpServer.StartAsync((_, _, ctx) =>
            RecordingHttpServer.Json(ctx, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""", 401));
        var endpoint = new Uri(server.BaseUrl, "v1").ToString();
        var config = new RunConfig
        {
            Models = new ModelRoles { Coding = new ModelSpec { Provider = ModelProvider.OpenAICompatible, Name = "qwen-coder", Endpoint = endpoint } },
        };

        var checks = await DoctorChecks.ForLocal(Data, SandboxKind.Auto).AllAsync(config, _ => new ModelBackendOptions { ApiKey = "sk-wrong" });

        var coding = Row(checks, "model (coding)");
        Assert.Equal(CheckStatus.Fail, coding.Status);
        Assert.Contains("answered 401", coding.Detail, StringComparison.Ordinal);
        Assert.Equal("set OPENAI_API_KEY to a key this endpoint accepts", coding.Fix);
        Assert.Equal(CheckStatus.Ok, Row(checks, "model (diagnosis)").Status);

        // One call, one output token: the check costs next to nothing.
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Matches("\"max_(completion_)?tokens\":1[,}]", request.Body.Replace(" ", "", StringComparison.Ordinal));
    }
}
