using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Core.Sandbox;

namespace Dgm.Local.Tests.Sandbox;

/// <summary>Inputs in from the artifact store, outputs back to it.</summary>
public sealed class SandboxFilesTests
{
    public static TheoryData<string> Isolations => SandboxHarness.Isolations;

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Inputs_are_materialized_and_outputs_collected_as_file_and_packed_directory(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        await harness.Store.PutAsync("in/src.tar.gz", SandboxHarness.TarGz(("./", null), ("lib/", null), ("lib/a.txt", "from the archive"), ("run.sh", "#!/bin/sh\necho script ran\n")));
        await harness.Store.PutAsync("in/problem.md", Encoding.UTF8.GetBytes("the problem"));
        var job = harness.Job("cat lib/a.txt; echo; cat ../docs/problem.md; echo; ./run.sh; pwd; mkdir -p ../out/sub; echo deep > ../out/sub/f; ln -s /etc/passwd ../out/link; echo result > ../result.txt") with
        {
            WorkingDirectory = "src",
            Inputs = [new SandboxInput("in/src.tar.gz", "src", Unpack: true), new SandboxInput("in/problem.md", "docs/problem.md", Unpack: false)],
            Outputs = [new SandboxOutput("result.txt", "out/result.txt", Pack: false), new SandboxOutput("out", "out/out.tar.gz", Pack: true), new SandboxOutput("missing.txt", "out/missing.txt", Pack: false)],
        };
        var handle = await harness.Sandbox.StartAsync(job);

        var result = await harness.Sandbox.CollectAsync(handle);
        var again = await harness.Sandbox.CollectAsync(handle);
        await harness.Sandbox.DeleteAsync(handle);

        Assert.True(result.Succeeded, result.Error + result.Output);
        Assert.Equal("from the archive\nthe problem\nscript ran\n/job/src\n", result.Output);
        Assert.Equal(["out/result.txt", "out/out.tar.gz"], result.Outputs.Select(o => o.Key));
        Assert.Equal(result.Outputs, again.Outputs);
        Assert.Equal("result\n", Encoding.UTF8.GetString((await harness.Store.GetAsync("out/result.txt"))!.Content));
        var packed = Entries((await harness.Store.GetAsync("out/out.tar.gz"))!.Content);
        Assert.Equal(["link", "sub/", "sub/f"], packed.Keys);
        Assert.Equal("deep\n", packed["sub/f"]);
        Assert.Equal("-> /etc/passwd", packed["link"]);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task Symlinks_the_job_plants_never_carry_host_files_out(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var job = harness.Job("ln -s /etc/shadow secret.txt; ln -s /etc etc; mkdir dir; ln -s /etc/shadow dir/shadow") with
        {
            Outputs =
            [
                new SandboxOutput("secret.txt", "out/secret.txt", Pack: false),
                new SandboxOutput("etc/shadow", "out/shadow", Pack: false),
                new SandboxOutput("etc", "out/etc.tar.gz", Pack: true),
                new SandboxOutput("dir", "out/dir.tar.gz", Pack: true),
            ],
        };

        var result = await harness.RunAsync(job);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["out/dir.tar.gz"], result.Outputs.Select(o => o.Key));
        Assert.Equal("-> /etc/shadow", Entries((await harness.Store.GetAsync("out/dir.tar.gz"))!.Content)["shadow"]);
    }

    [Theory]
    [MemberData(nameof(Isolations))]
    public async Task A_sparse_output_past_the_disk_limit_fails_its_job_and_never_reaches_the_store(string isolation)
    {
        await using var harness = new SandboxHarness(isolation);
        var job = harness.Job("echo kept > small.txt; mkdir out; truncate -s 1536M out/sparse.bin", SandboxHarness.Limits(diskMb: 1024)) with
        {
            Outputs = [new SandboxOutput("small.txt", "out/small.txt", Pack: false), new SandboxOutput("out", "out/out.tar.gz", Pack: true)],
        };

        var result = await harness.RunAsync(job);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.StartsWith("output 'out' was not collected: the job's outputs reach 1,610,612,741 bytes", result.Error, StringComparison.Ordinal);
        Assert.Contains("over the limit of 1,073,741,824 bytes", result.Error, StringComparison.Ordinal);
        Assert.Equal(["out/small.txt"], result.Outputs.Select(o => o.Key));
        Assert.False(await harness.Store.ExistsAsync("out/out.tar.gz"));
    }

    /// <summary>Entry name → content (files), "-> target" (symlinks) or "" (directories).</summary>
    private static SortedDictionary<string, string> Entries(byte[] archive)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var tar = new TarReader(new GZipStream(new MemoryStream(archive), CompressionMode.Decompress));
        while (tar.GetNextEntry() is { } entry)
        {
            entries[entry.Name] = entry.EntryType switch
            {
                TarEntryType.SymbolicLink => "-> " + entry.LinkName,
                TarEntryType.RegularFile => new StreamReader(entry.DataStream!).ReadToEnd(),
                _ => "",
            };
        }

        return entries;
    }
}
