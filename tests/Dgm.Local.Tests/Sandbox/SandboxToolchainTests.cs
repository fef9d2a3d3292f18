using Dgm.Core.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>The toolchains jobs build and test with are reachable inside the sandbox and work offline with a per-job home.</summary>
public sealed class SandboxToolchainTests
{
    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    private static SandboxLimits Roomy => SandboxHarness.Limits(wallSeconds: 120, cpuSeconds: 240, memoryMb: 2048, processes: 1024, diskMb: 1024) with { Cpus = 2 };

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Dotnet_builds_and_runs_a_console_project_offline(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var script = """
            set -e
            mkdir app && cd app
            printf '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>' > app.csproj
            echo 'System.Console.WriteLine("built in the sandbox");' > Program.cs
            dotnet build -nodeReuse:false -v:q -clp:NoSummary
            dotnet bin/Debug/net10.0/app.dll
            """;

        var result = await harness.RunAsync(harness.Job(script, Roomy));

        Assert.True(result.Succeeded, $"{result.LimitsHit} {result.Error}\n{result.Output}");
        Assert.EndsWith("built in the sandbox\n", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Cargo_tests_a_crate_offline_and_python_runs(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var script = """
            set -e
            mkdir -p crate/src && cd crate
            printf '[package]\nname = "tiny"\nversion = "0.1.0"\nedition = "2021"\n' > Cargo.toml
            printf 'pub fn add(a: i32, b: i32) -> i32 { a + b }\n#[cfg(test)]\nmod tests { #[test] fn adds() { assert_eq!(super::add(2, 3), 5); } }\n' > src/lib.rs
            cargo test --offline 2>&1 | grep 'test result'
            echo "cargo home: $(ls -A "$HOST_HOME/.cargo" | tr '\n' ' ')"
            echo "rustup home: $(ls -A "$HOST_HOME/.rustup" | tr '\n' ' ')"
            python3 -c 'import sys; print("python", sys.version_info[0])'
            """;
        var job = harness.Job(script, Roomy) with { Environment = new Dictionary<string, string> { ["HOST_HOME"] = Home } };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, $"{result.LimitsHit} {result.Error}\n{result.Output}");
        Assert.Contains("test result: ok. 1 passed", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("python 3\n", result.Output, StringComparison.Ordinal);
        // Only the toolchains of the user's home: never Cargo's own home (credentials, a config.toml that steers builds, the registry cache).
        Assert.Contains(Directory.Exists(Path.Combine(Home, ".cargo", "bin")) ? "cargo home: bin \n" : "cargo home: \n", result.Output, StringComparison.Ordinal);
        Assert.Contains(Directory.Exists(Path.Combine(Home, ".rustup")) ? "rustup home: settings.toml toolchains update-hashes \n" : "rustup home: \n", result.Output, StringComparison.Ordinal);
    }

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
