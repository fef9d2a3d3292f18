using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Dgm.Jobs.Archives;
using Dgm.Testing;

namespace Dgm.Jobs.Tests;

public sealed class ArchiveTests
{
    [Fact]
    public void Packing_is_deterministic_keeps_exec_bits_and_stores_links_without_following_them()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("src", "sub"));
        File.WriteAllText(dir.Combine("src", "b.txt"), "b");
        File.WriteAllText(dir.Combine("src", "sub", "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(dir.Combine("src", "sub", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(dir.Combine("secret.txt"), "host secret");
        File.CreateSymbolicLink(dir.Combine("src", "link"), dir.Combine("secret.txt"));

        var first = TarPacker.Pack(dir.Combine("src"));
        File.SetLastWriteTimeUtc(dir.Combine("src", "b.txt"), DateTime.UtcNow.AddDays(-3));
        Thread.Sleep(1100); // a tar header that carried the current time would now differ
        Assert.Equal(first, TarPacker.Pack(dir.Combine("src")));

        TarExtractor.Extract(first, dir.Combine("out"));
        Assert.Equal("b", File.ReadAllText(dir.Combine("out", "b.txt")));
        Assert.True(File.GetUnixFileMode(dir.Combine("out", "sub", "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(dir.Combine("secret.txt"), new FileInfo(dir.Combine("out", "link")).LinkTarget);
        var files = TarExtractor.ReadFiles(first);
        Assert.Equal(["b.txt", "sub/run.sh"], files.Keys.Order());
        Assert.DoesNotContain(files.Values, content => Encoding.UTF8.GetString(content).Contains("host secret", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_folder_packs_and_reads_back_as_empty()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("empty"));

        var archive = TarPacker.Pack(dir.Combine("empty"));

        Assert.Empty(TarExtractor.ReadFiles(archive));
        TarExtractor.Extract(archive, dir.Combine("out"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Combine("out")));
    }

    [Fact]
    public void Nothing_of_the_packing_process_gets_into_the_archive_long_names_included()
    {
        using var dir = new TempDirectory();
        var deep = string.Join('/', Enumerable.Repeat("a-rather-long-folder-name", 6));
        Directory.CreateDirectory(dir.Combine("src", deep));
        File.WriteAllText(dir.Combine("src", deep, "file-with-a-long-name.txt"), "x");

        // .NET names PAX headers after the writing process's id, which would make two processes' archives differ.
        var tar = Encoding.ASCII.GetString(Gunzip(TarPacker.Pack(dir.Combine("src"))));

        Assert.DoesNotContain("PaxHeaders", tar, StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), tar, StringComparison.Ordinal);
        Assert.Contains(deep + "/file-with-a-long-name.txt", tar, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_files_are_packed_alone_and_excluded_paths_are_left_out()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("bin"));
        File.WriteAllText(dir.Combine("a.cs"), "a");
        File.WriteAllText(dir.Combine("b.cs"), "b");
        File.WriteAllText(dir.Combine("bin", "x.dll"), "x");

        Assert.Equal(["a.cs"], TarExtractor.ReadFiles(TarPacker.PackFiles(dir.Path, ["a.cs", "missing.cs"])).Keys);
        Assert.Equal(["a.cs", "b.cs"], TarExtractor.ReadFiles(TarPacker.Pack(dir.Path, p => p.StartsWith("bin", StringComparison.Ordinal))).Keys.Order());
    }

    [Fact]
    public void Files_folders_symlinks_and_hard_links_are_unpacked()
    {
        using var dir = new TempDirectory();
        var archive = Archive(
            new PaxTarEntry(TarEntryType.Directory, "src/"),
            Entry("src/run.sh", "#!/bin/sh", (UnixFileMode)0b111_101_101),
            new PaxTarEntry(TarEntryType.SymbolicLink, "src/link") { LinkName = "run.sh" },
            new PaxTarEntry(TarEntryType.HardLink, "src/copy.sh") { LinkName = "src/run.sh" });

        TarExtractor.Extract(archive, dir.Combine("out"));

        Assert.Equal("#!/bin/sh", File.ReadAllText(dir.Combine("out", "src", "copy.sh")));
        Assert.Equal("run.sh", new FileInfo(dir.Combine("out", "src", "link")).LinkTarget);
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("a/../../escape.txt")]
    public void Entries_that_climb_out_are_refused(string name)
    {
        using var dir = new TempDirectory();

        Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(Archive(Entry(name, "x")), dir.Combine("out")));

        Assert.False(File.Exists(dir.Combine("escape.txt")));
    }

    [Fact]
    public void Nothing_is_written_through_a_symlink_the_archive_planted()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("outside"));
        var archive = Archive(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = dir.Combine("outside") }, Entry("link/pwned", "x"));

        var error = Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(archive, dir.Combine("out")));

        Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Combine("outside")));
    }

    [Fact]
    public void Device_nodes_are_refused()
    {
        using var dir = new TempDirectory();

        Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(
            Archive(new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 }), dir.Combine("out")));
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_limits_before_it_fills_memory_or_disk()
    {
        using var dir = new TempDirectory();
        var bomb = Archive(new PaxTarEntry(TarEntryType.RegularFile, "zeros") { DataStream = new MemoryStream(new byte[64 * 1024 * 1024]) });
        var limits = new ArchiveLimits(MaxBytes: 1024 * 1024, MaxEntries: 10);

        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes packed");
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() => TarExtractor.ReadFiles(bomb, limits)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => TarExtractor.Extract(bomb, dir.Combine("out"), limits));
        Assert.False(File.Exists(dir.Combine("out", "zeros")));
        var many = Archive([.. Enumerable.Range(0, 20).Select(i => Entry($"f{i}", "x"))]);
        Assert.Contains("entries", Assert.Throws<InvalidDataException>(() => TarExtractor.ReadFiles(many, limits)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_into_memory_stops_at_the_in_memory_limit_without_being_told()
    {
        // 300 MB of zeros packs to well under a megabyte; reading it whole into memory must be refused by default.
        var bomb = Archive(new PaxTarEntry(TarEntryType.RegularFile, "zeros") { DataStream = new MemoryStream(new byte[300 * 1024 * 1024]) });

        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes packed");
        Assert.Equal(
            $"The archive unpacks to more than {ArchiveLimits.InMemory.MaxBytes} bytes (at 'zeros'); refusing to unpack it.",
            Assert.Throws<InvalidDataException>(() => TarExtractor.ReadFiles(bomb)).Message);
    }

    private static byte[] Gunzip(byte[] archive)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(archive), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }

        return output.ToArray();
    }

    private static PaxTarEntry Entry(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = mode };

    private static byte[] Archive(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }
}
