using System.Text.RegularExpressions;
using Dgm.Core.Sandbox;

namespace Dgm.Local.Sandbox;

/// <summary>
/// The complete environment of a job. Nothing is inherited from the host: a fixed allow-list (PATH, HOME, locale,
/// the .NET/Cargo/NuGet switches that keep tools offline and writable in the job's home), then the job's own
/// variables, then the gateway variables. Host secrets cannot leak because no host value is ever copied. A container
/// job gets no PATH and no toolchain variables from us: its image's own apply.
/// </summary>
internal static partial class JobEnvironment
{
    private const string ModelUrl = "DGM_MODEL_URL";
    private const string ModelToken = "DGM_MODEL_TOKEN";

    internal const string StandardPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>A job on the host's file system: the host's toolchains on PATH.</summary>
    public static IReadOnlyDictionary<string, string> For(SandboxJob job, LocalSandboxOptions options) =>
        For(job, string.Join(':', options.ToolPath.Where(Directory.Exists).Append(StandardPath)), options.ToolEnvironment.Where(v => Path.Exists(v.Value)));

    /// <summary>A job in a container image.</summary>
    public static IReadOnlyDictionary<string, string> ForContainer(SandboxJob job) => For(job, path: null, []);

    private static Dictionary<string, string> For(SandboxJob job, string? path, IEnumerable<KeyValuePair<string, string>> toolEnvironment)
    {
        const string home = JobLayout.SandboxHome;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = home,
            ["USER"] = "root",
            ["LANG"] = "C.UTF-8",
            ["TERM"] = "dumb",
            ["TZ"] = "UTC",
            ["TMPDIR"] = "/tmp",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
            ["DOTNET_CLI_HOME"] = home,
            ["NUGET_PACKAGES"] = home + "/.nuget/packages",
            ["CARGO_HOME"] = home + "/.cargo",
        };
        if (path is not null)
        {
            environment["PATH"] = path;
        }

        foreach (var (name, value) in toolEnvironment)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in job.Environment)
        {
            environment[Checked(name, value)] = value;
        }

        if (job.Network == NetworkPolicy.GatewayOnly)
        {
            environment[ModelUrl] = "unix:" + JobLayout.SandboxGatewaySocket;
            environment[ModelToken] = job.GatewayToken ?? "";
        }

        return environment;
    }

    private static string Checked(string name, string value) =>
        !VariableName().IsMatch(name) ? throw new ArgumentException($"Environment variable name '{name}' is not a valid shell name.")
        : value.Contains('\0', StringComparison.Ordinal) ? throw new ArgumentException($"Environment variable {name} contains a NUL character.")
        : name;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
