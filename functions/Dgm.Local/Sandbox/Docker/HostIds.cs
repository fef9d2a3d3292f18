using System.Globalization;
using Docker.DotNet.Models;

namespace Dgm.Local.Sandbox.Docker;

/// <summary>
/// The host uid and gid behind the container's <see cref="SandboxUser"/>, which own the job's files on the host. Without
/// userns-remap they are the same ids; with it the daemon maps container ids onto its subordinate range, whose first
/// uid and gid name its data root (<c>…/100000.100000</c>).
/// </summary>
internal sealed record HostIds(int Uid, int Gid)
{
    /// <summary>Whether the Engine's security options (its /info) say it remaps user namespaces.</summary>
    public static bool Remaps(IEnumerable<string?>? securityOptions) => securityOptions?.Contains("name=userns") == true;

    public static HostIds Of(SystemInfoResponse info)
    {
        if (!Remaps(info.SecurityOptions))
        {
            return new(SandboxUser.Uid, SandboxUser.Uid);
        }

        var range = Path.GetFileName(info.DockerRootDir.TrimEnd('/')).Split('.');
        if (range.Length != 2
            || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            || !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
        {
            throw new InvalidOperationException(
                $"The Docker Engine remaps user namespaces, but its data root '{info.DockerRootDir}' does not end in the remapped range's first uid and gid (uid.gid).");
        }

        return new(uid + SandboxUser.Uid, gid + SandboxUser.Uid);
    }
}
