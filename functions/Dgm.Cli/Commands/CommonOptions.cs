using System.CommandLine;
using Dgm.Core.Configuration;

namespace Dgm.Cli.Commands;

internal static class CommonOptions
{
    public static readonly Option<DirectoryInfo> Data = new("--data")
    {
        Description = "Where runs, artifacts, sandboxes and the gateway socket live.",
        DefaultValueFactory = _ => new DirectoryInfo("dgm-data"),
        Recursive = true,
    };

    public static readonly Option<bool> Unshare = new("--unshare")
    {
        Description = "Sandbox with util-linux unshare even where bubblewrap is installed (the same namespaces, file system and limits; for hosts without bubblewrap); the same as --sandbox unshare.",
    };

    public static readonly Option<SandboxKind?> Sandbox = new("--sandbox")
    {
        Description = "Where jobs run: bubblewrap, unshare, docker (one container per job through the Docker Engine) or auto (bubblewrap when installed, else unshare). Overrides the configuration's sandbox.kind.",
    };

    /// <summary>The sandbox a command uses: --sandbox, else --unshare, else the configuration's sandbox.kind.</summary>
    public static SandboxKind SandboxOf(ParseResult parse, RunConfig? config = null) =>
        parse.GetValue(Sandbox) ?? (parse.GetValue(Unshare) ? SandboxKind.Unshare : config?.Sandbox.Kind ?? SandboxKind.Auto);
}
