using Dgm.Core.Sandbox;
using Dgm.Local.Artifacts;
using Dgm.Local.Sandbox;
using Dgm.Local.Sandbox.Docker;
using Dgm.Local.Tests.Grading;

namespace Dgm.Local.Tests.Sandbox.Docker;

/// <summary>The tampering attacks graded in Docker containers, as in the process sandboxes.</summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerTamperTests(DockerEngine engine) : TamperContract
{
    protected override ISandbox CreateSandbox(DiskArtifactStore store, LocalSandboxOptions options) =>
        new DockerSandbox(store, options, new DockerSandboxOptions { Endpoint = engine.Endpoint, Image = DockerEngine.Image });
}

/// <summary>The report-grading attacks in all six languages, graded in containers of our sandbox image.</summary>
[Collection(DockerEngineTests.Name)]
public sealed class DockerReportGradingTests(DockerEngine engine, VerifiedStarterTasks verified) : ReportGradingContract(verified), IClassFixture<VerifiedStarterTasks>
{
    protected override async Task<ISandbox> CreateSandboxAsync(DiskArtifactStore store, LocalSandboxOptions options) =>
        new DockerSandbox(store, options, new DockerSandboxOptions { Endpoint = engine.Endpoint, Image = await engine.SandboxImageAsync() });
}
