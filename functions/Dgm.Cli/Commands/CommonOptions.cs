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
        Description = "Sandbox with util-linux unshare even where bubblewrap is installed (the same namespaces, file system and limits; for hosts without bubblewrap).",
    };
}
