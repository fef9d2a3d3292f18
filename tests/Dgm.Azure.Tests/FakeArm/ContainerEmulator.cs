using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Dgm.Azure.Tests.Sandbox;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Azure.Tests.FakeArm;

/// <summary>
/// Runs a container group as ACI would, on this machine: its init containers one after another, then its one
/// container. Bubblewrap gives each the image's layout (the host's /usr read-only, an empty <c>/job</c>; the runner at
/// <c>/dgm/runner</c> only in the sandbox image, since any other image is a task's, which does not carry it), the
/// group's emptyDir volumes where the container mounts them, the image's PATH plus the container's environment
/// variables and nothing else, and the container's command. The network stays the host's so the runner reaches
/// Azurite's SAS URLs as it reaches Blob Storage in Azure.
/// </summary>
internal static class ContainerEmulator
{
    private const string ImagePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static async Task RunAsync(FakeContainerGroup group)
    {
        using var jobRoot = new TempDirectory("dgm-aci-container");
        using var volumes = new TempDirectory("dgm-aci-volumes");

        // As the image's `mkdir /job` leaves it: root's, and open for the job user to enter.
        File.SetUnixFileMode(jobRoot.Path, (UnixFileMode)0b111_101_101);
        var properties = group.Body["properties"]!;
        foreach (var volume in properties["volumes"]?.AsArray() ?? [])
        {
            Assert.NotNull(volume!["emptyDir"]);
            Directory.CreateDirectory(volumes.Combine(volume["name"]!.GetValue<string>()));
        }

        group.Run();
        var logs = new StringBuilder();
        foreach (var init in properties["initContainers"]?.AsArray() ?? [])
        {
            var initExit = await RunContainerAsync(init!["properties"]!, jobRoot.Path, volumes.Path, logs, group.Deleted);
            if (initExit != 0)
            {
                group.Logs = logs.ToString();
                group.Terminate(initExit ?? 137);
                return;
            }
        }

        var exitCode = await RunContainerAsync(properties["containers"]![0]!["properties"]!, jobRoot.Path, volumes.Path, logs, group.Deleted);
        if (exitCode is { } exited)
        {
            group.Logs = logs.ToString();
            group.Terminate(exited);
        }
    }

    /// <summary>Runs one container to its end; null when the group was deleted first.</summary>
    private static async Task<int?> RunContainerAsync(JsonNode container, string jobRoot, string volumes, StringBuilder logs, CancellationToken deleted)
    {
        var start = new ProcessStartInfo("bwrap") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in Layout(jobRoot, container["image"]!.GetValue<string>() == AciHarness.Options.Image))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
        {
            start.ArgumentList.Add(mount!["readOnly"]?.GetValue<bool>() == true ? "--ro-bind" : "--bind");
            start.ArgumentList.Add(Path.Combine(volumes, mount["name"]!.GetValue<string>()));
            start.ArgumentList.Add(mount["mountPath"]!.GetValue<string>());
        }

        start.ArgumentList.Add("--setenv");
        start.ArgumentList.Add("PATH");
        start.ArgumentList.Add(ImagePath);
        foreach (var variable in container["environmentVariables"]?.AsArray() ?? [])
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

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(deleted);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return null;
        }

        logs.Append(await stdout).Append(await stderr);
        return process.ExitCode;
    }

    private static IEnumerable<string> Layout(string jobRoot, bool sandboxImage)
    {
        string[] runner = sandboxImage ? ["--ro-bind", RunnerBinary.Path, JobPaths.Runner] : [];
        string[] layout =
        [
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session", "--clearenv",
            "--tmpfs", "/",
            "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc",
            "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
            "--bind", jobRoot, JobPaths.Root,
            .. runner,
            "--chdir", JobPaths.Root,
        ];
        var merged = new[] { "bin", "sbin", "lib", "lib64" }
            .Where(d => new FileInfo("/" + d).LinkTarget is not null)
            .SelectMany(d => new[] { "--symlink", new FileInfo("/" + d).LinkTarget!, "/" + d });
        return layout.Concat(merged);
    }
}
