using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Local.Hosting;
using Dgm.Local.Sandbox;
using Dgm.Models.Backends;

namespace Dgm.Local.Doctor;

/// <summary>
/// What this machine can do for a run of a configuration: the fast checks (<c>dgm run</c> refuses on a fail among
/// them) and the ones that call out, Docker and the model endpoints (<c>dgm doctor</c> adds those).
/// </summary>
public sealed class DoctorChecks(string dataDirectory, LocalSandboxOptions sandbox, IToolchainProbe toolchains)
{
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ModelTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The checks of the sandbox a local run of <paramref name="dataDirectory"/> uses.</summary>
    public static DoctorChecks ForLocal(string dataDirectory, SandboxKind kind)
    {
        var options = LocalDgm.SandboxOptions(dataDirectory, kind);
        return new DoctorChecks(dataDirectory, options, PathToolchainProbe.For(options));
    }

    public IReadOnlyList<DoctorCheck> Fast(RunConfig config) =>
    [
        .. IsolationChecks.For(sandbox),
        HostChecks.DataFolder(dataDirectory, sandbox),
        .. HostChecks.Languages(toolchains),
        CostCheck.For(config),
    ];

    public async Task<IReadOnlyList<DoctorCheck>> AllAsync(RunConfig config, Func<ModelSpec, ModelBackendOptions> backends, CancellationToken cancellationToken = default) =>
    [
        .. Fast(config),
        await DockerCheck.RunAsync(DockerTimeout, cancellationToken),
        .. await ModelCheck.RunAsync(config.Models, backends, ModelTimeout, cancellationToken),
    ];
}
