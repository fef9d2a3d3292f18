namespace Dgm.Core.Harness;

/// <summary>
/// Files that build tools and test runners load from the source tree without any project naming them, so a patch that
/// adds one changes how the tests build or run (MSBuild imports <c>X.csproj.user</c> beside every project, Cargo reads
/// <c>.cargo/config.toml</c> in every folder above it, pytest every <c>conftest.py</c>). A patch may never change them,
/// whatever a task's own lists allow.
/// </summary>
public static class ImplicitImports
{
    public static readonly IReadOnlyList<string> Globs =
    [
        // MSBuild and NuGet (the .NET SDK imports *.user and the Directory.* files of every folder above a project).
        "**/*.user", "**/Directory.Build.props", "**/Directory.Build.targets", "**/Directory.Build.rsp", "**/Directory.Packages.props",
        "**/Directory.Solution.props", "**/Directory.Solution.targets", "**/NuGet.config", "**/nuget.config", "**/NuGet.Config", "**/global.json",
        // Cargo and rustup.
        "**/.cargo/config", "**/.cargo/config.toml", "**/rust-toolchain", "**/rust-toolchain.toml",
        // Python: pytest's plugins, site hooks, and pyenv's interpreter choice.
        "**/conftest.py", "**/sitecustomize.py", "**/usercustomize.py", "**/*.pth", "**/pytest.ini", "**/.python-version",
        // Node (npm reads node-options from .npmrc), Go workspaces, JUnit's service loaders and platform settings.
        "**/.npmrc", "**/.yarnrc", "**/.yarnrc.yml", "**/go.work", "**/go.work.sum", "**/META-INF/services/**", "**/junit-platform.properties",
    ];
}
