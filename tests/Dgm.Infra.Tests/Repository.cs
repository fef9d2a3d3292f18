using System.Reflection;
using Dgm.Testing;

namespace Dgm.Infra.Tests;

/// <summary>Paths the tests read: the checkout and the Bicep CLI from NuGet.</summary>
public static class Repository
{
    public static string Root => RepositoryRoot.Path;

    public static string BicepFolder => Path.Combine(Root, "bicep");

    public static string DeployScript => Path.Combine(Root, "infra", "deploy.sh");

    /// <summary>The Bicep CLI executable restored from the Azure.Bicep.CommandLine.linux-x64 package (set by the csproj).</summary>
    public static string BicepExecutable { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepExecutable")?.Value
        ?? throw new InvalidOperationException("the test assembly has no BicepExecutable metadata (see Dgm.Infra.Tests.csproj)");
}
