namespace Dgm.Local.Doctor;

/// <summary>A language's commands as tasks declare them (<c>toolchain</c> in task.json) and the Debian package that installs them.</summary>
public sealed record Toolchain(string Language, IReadOnlyList<string> Commands, string Package);

/// <summary>The languages the benchmarks use: one table, so a new language is one line.</summary>
public static class Toolchains
{
    public static readonly IReadOnlyList<Toolchain> All =
    [
        new("python", ["python3"], "python3"),
        new("javascript", ["node"], "nodejs"),
        new("cpp", ["g++"], "g++"),
        new("java", ["javac", "java"], "default-jdk-headless"),
        new("rust", ["cargo"], "cargo"),
        new("csharp", ["dotnet"], "dotnet-sdk-10.0 (packages.microsoft.com)"),
    ];
}
