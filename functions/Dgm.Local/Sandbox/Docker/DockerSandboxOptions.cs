namespace Dgm.Local.Sandbox.Docker;

/// <summary>Which Docker Engine runs the jobs and which image a job without one of its own runs in.</summary>
public sealed record DockerSandboxOptions
{
    private const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>The Engine API's Unix socket: <c>DOCKER_HOST</c> when it names one, else /var/run/docker.sock.</summary>
    public Uri Endpoint { get; init; } = new(
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal) ? host : DefaultSocket);

    /// <summary>The image of jobs that name none (our suites, Polyglot): the sandbox image infra/sandbox builds.</summary>
    public string Image { get; init; } = "dgm-sandbox";

    /// <summary>How often the supervisor reads a container's usage (the wall deadline itself is exact).</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
