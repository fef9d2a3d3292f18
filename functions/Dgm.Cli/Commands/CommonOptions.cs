using System.CommandLine;

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
        Description = "Sandbox with unshare even where bubblewrap is installed (weaker: no read-only system folders).",
    };
}
