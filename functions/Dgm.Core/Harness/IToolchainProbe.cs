namespace Dgm.Core.Harness;

/// <summary>Tells whether the sandboxes of this host can run a command; tasks whose toolchain is missing are skipped and listed.</summary>
public interface IToolchainProbe
{
    bool IsAvailable(string command);
}
