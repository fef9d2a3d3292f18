using System.Formats.Tar;
using System.IO.Compression;
using Dgm.Local.Sandbox;
using Dgm.Testing;

namespace Dgm.Local.Tests.Sandbox;

public sealed class ArchiveExtractorTests
{
    [Fact]
    public async Task Files_directories_symlinks_and_hard_links_are_unpacked_with_their_modes()
    {
        using var dir = new TempDirectory();
        var archive = Archive(
            new PaxTarEntry(TarEntryType.Directory, "src/"),
            File("src/run.sh", "#!/bin/sh", (UnixFileMode)0b111_101_101),
            new PaxTarEntry(TarEntryType.SymbolicLink, "src/link") { LinkName = "run.sh" },
            new PaxTarEntry(TarEntryType.HardLink, "src/copy.sh") { LinkName = "src/run.sh" });

        await ArchiveExtractor.ExtractAsync(archive, dir.Combine("out"), CancellationToken.None);

        Assert.Equal("#!/bin/sh", await System.IO.File.ReadAllTextAsync(dir.Combine("out", "src", "copy.sh")));
        Assert.Equal("run.sh", new FileInfo(dir.Combine("out", "src", "link")).LinkTarget);
        Assert.True(System.IO.File.GetUnixFileMode(dir.Combine("out", "src", "run.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/tmp/escape.txt")]
    [InlineData("a/../../escape.txt")]
    public async Task Entries_that_climb_out_are_refused(string name)
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<InvalidDataException>(() => ArchiveExtractor.ExtractAsync(Archive(File(name, "x")), dir.Combine("out"), CancellationToken.None));

        Assert.False(System.IO.File.Exists(dir.Combine("escape.txt")));
    }

    [Fact]
    public async Task Nothing_is_written_through_a_symlink_the_archive_planted()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("outside"));
        var archive = Archive(
            new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = dir.Combine("outside") },
            File("link/pwned", "x"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ArchiveExtractor.ExtractAsync(archive, dir.Combine("out"), CancellationToken.None));

        Assert.Contains("symlink", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Combine("outside")));
    }

    [Fact]
    public async Task Device_nodes_are_refused()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<InvalidDataException>(() => ArchiveExtractor.ExtractAsync(
            Archive(new PaxTarEntry(TarEntryType.CharacterDevice, "null") { DeviceMajor = 1, DeviceMinor = 3 }), dir.Combine("out"), CancellationToken.None));
    }

    private static PaxTarEntry File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), Mode = mode };

    private static byte[] Archive(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
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
