using Dgm.Core.Harness;

namespace Dgm.Functions;

/// <summary>The sandbox image (infra/sandbox/Dockerfile) carries the toolchains of every language the suites use.</summary>
public sealed class SandboxImageToolchains : IToolchainProbe
{
    public bool IsAvailable(string command) => true;
}
