using Dgm.Jobs.Files;
using Dgm.Testing;

namespace Dgm.Jobs.Tests;

public sealed class OutputCapTests
{
    private const long Gb = 1024L * 1024 * 1024;

    [Fact]
    public void A_sparse_file_counts_at_its_apparent_size()
    {
        using var dir = new TempDirectory();
        using (var sparse = File.Create(dir.Combine("sparse.bin")))
        {
            sparse.SetLength(Gb + (Gb / 2));
        }

        Assert.True(FileStat.Lstat(dir.Combine("sparse.bin"))!.AllocatedBytes < 1024 * 1024, "the file is sparse");
        var refusal = new OutputCap(Gb, 10).Admit(dir.Combine("sparse.bin"), "sparse.bin");

        Assert.Equal("output 'sparse.bin' was not collected: the job's outputs reach 1,610,612,736 bytes (0 allocated) in 1 entries, over the limit of 1,073,741,824 bytes and 10 entries", refusal);
    }

    [Fact]
    public void Outputs_of_one_job_share_the_cap_and_a_folder_counts_every_entry_without_following_links()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("out"));
        for (var i = 0; i < 3; i++)
        {
            File.WriteAllBytes(dir.Combine("out", $"f{i}"), new byte[4096]);
        }

        using (var big = File.Create(dir.Combine("host.bin")))
        {
            big.SetLength(Gb);
        }

        File.CreateSymbolicLink(dir.Combine("out", "link"), dir.Combine("host.bin"));
        File.WriteAllBytes(dir.Combine("result.txt"), new byte[100]);
        var cap = new OutputCap(64 * 1024, 6);

        Assert.Null(cap.Admit(dir.Combine("out"), "out")); // the folder, three files and a link: 5 entries, 12,288 bytes
        Assert.Null(cap.Admit(dir.Combine("missing"), "missing"));
        Assert.Null(cap.Admit(dir.Combine("result.txt"), "result.txt"));
        // Allocation depends on the file system's block size, so only the apparent bytes and the count are exact.
        Assert.Matches(@"^output 'again' was not collected: the job's outputs reach 12,488 bytes \([\d,]+ allocated\) in 7 entries, ", cap.Admit(dir.Combine("result.txt"), "again"));
    }

    [Fact]
    public void Allocated_size_is_counted_beside_apparent_size()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("dense.bin"), Enumerable.Repeat((byte)7, 256 * 1024).ToArray());

        var refusal = new OutputCap(128 * 1024, 10).Admit(dir.Combine("dense.bin"), "dense.bin");

        Assert.StartsWith("output 'dense.bin' was not collected: the job's outputs reach 262,144 bytes (262,144 allocated)", refusal, StringComparison.Ordinal);
    }
}
