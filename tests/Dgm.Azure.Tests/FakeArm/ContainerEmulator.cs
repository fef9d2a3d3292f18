using System.Diagnostics;
using System.Text.Json.Nodes;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Azure.Tests.FakeArm;

/// <summary>
/// Runs a container group's one container as our sandbox image would, on this machine: bubblewrap gives it the
/// image's layout (the host's /usr read-only, the runner at <c>/dgm/runner</c>, an empty <c>/job</c>), the image's
/// PATH plus the group's environment variables and nothing else, and the group's command. The network stays the
/// host's so the runner reaches Azurite's SAS URLs as it reaches Blob Storage in Azure.
/// </summary>
internal static class ContainerEmulator
{
    private const string ImagePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task RunAsync(FakeContainerGroup group)
    {
        using var jobRoot = new TempDirectory("dgm-aci-container");

        // As the image's `mkdir /job` leaves it: root's, and open for the job user to enter.
        File.SetUnixFileMode(jobRoot.Path, (UnixFileMode)0b111_101_101);
        var container = group.Body["properties"]!["containers"]![0]!["properties"]!;
        var start = new ProcessStartInfo("bwrap") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Layout(jobRoot.Path))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--setenv");
        start.ArgumentList.Add("PATH");
        start.ArgumentList.Add(ImagePath);
        foreach (var variable in container["environmentVariables"]!.AsArray())
        {
            start.ArgumentList.Add("--setenv");
            start.ArgumentList.Add(variable!["name"]!.GetValue<string>());
            start.ArgumentList.Add((variable["value"] ?? variable["secureValue"])!.GetValue<string>());
        }

        start.ArgumentList.Add("--");
        foreach (var argument in container["command"]!.AsArray())
        {
            start.ArgumentList.Add(argument!.GetValue<string>());
        }

        group.Run();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync(group.Deleted);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return;
        }

        group.Logs = await stdout + await stderr;
        group.Terminate(process.ExitCode);
    }

    private static IEnumerable<string> Layout(string jobRoot)
    {
        string[] layout =
        [
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session", "--clearenv",
            "--tmpfs", "/",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            "--bind", jobRoot, JobPaths.Root,
            "--ro-bind", RunnerBinary.Path, JobPaths.Runner,
            "--chdir", JobPaths.Root,
        ];
        var merged = new[] { "bin", "sbin", "lib", "lib64" }
            .Where(d => new FileInfo("/" + d).LinkTarget is not null)
            .SelectMany(d => new[] { "--symlink", new FileInfo("/" + d).LinkTarget!, "/" + d });
        return layout.Concat(merged);
    }
}
