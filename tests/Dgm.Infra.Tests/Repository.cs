using System.Reflection;

namespace Dgm.Infra.Tests;

/// <summary>Paths the tests read: the checkout (found above the test binaries) and the Bicep CLI from NuGet.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string BicepFolder => Path.Combine(Root, "bicep");

    public static string DeployScript => Path.Combine(Root, "infra", "deploy.sh");

    /// <summary>The Bicep CLI executable restored from the Azure.Bicep.CommandLine.linux-x64 package (set by the csproj).</summary>
    public static string BicepExecutable { get; } =
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepExecutable")?.Value
        ?? throw new InvalidOperationException("the test assembly has no BicepExecutable metadata (see Dgm.Infra.Tests.csproj)");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DgmFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"DgmFunctions.sln not found above {AppContext.BaseDirectory}");
    }
}
