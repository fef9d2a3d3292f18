using System.Reflection;

namespace Dgm.Runner;

internal static class RunnerInfo
{
    public static string Version { get; } =
        typeof(RunnerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
