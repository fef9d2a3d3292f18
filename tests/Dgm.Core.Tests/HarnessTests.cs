using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Archives;
using Dgm.Core.Harness;
using Dgm.Core.Sandbox;
using Dgm.Testing;

namespace Dgm.Core.Tests;

public class HarnessTests
{
    private const string Patch = """
        diff --git a/src/calc.py b/src/calc.py
        index 1111111..2222222 100644
        --- a/src/calc.py
        +++ b/src/calc.py
        @@ -1,2 +1,2 @@
         def add(a, b):
        -    return a - b
        +    return a + b
        diff --git a/tests/test_calc.py b/tests/test_calc.py
        --- a/tests/test_calc.py
        +++ b/tests/test_calc.py
        @@ -1 +1 @@
        -assert add(1, 1) == 2
        +assert True
        diff --git a/conftest.py b/conftest.py
        new file mode 100644
        --- /dev/null
        +++ b/conftest.py
        @@ -0,0 +1 @@
        +import sys; sys.exit(0)
        diff --git a/../outside.txt b/../outside.txt
        new file mode 100644
        --- /dev/null
        +++ b/../outside.txt
        @@ -0,0 +1 @@
        +escaped
        diff --git a/notes/readme.md b/notes/readme.md
        new file mode 100644
        --- /dev/null
        +++ b/notes/readme.md
        @@ -0,0 +1 @@
        +-- not a header
        """;

    [Theory]
    [InlineData("tests/**", "tests/a.py", true)]
    [InlineData("tests/**", "tests/deep/a.py", true)]
    [InlineData("tests/**", "src/tests.py", false)]
    [InlineData("**/conftest.py", "conftest.py", true)]
    [InlineData("**/conftest.py", "a/b/conftest.py", true)]
    [InlineData("conftest.py", "a/conftest.py", false)]
    [InlineData("*.spec.js", "a.spec.js", true)]
    [InlineData("*.spec.js", "dir/a.spec.js", false)]
    [InlineData("Cargo.tom?", "Cargo.toml", true)]
    public void Globs_match_workspace_paths(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(pattern).IsMatch(path));

    [Fact]
    public void Protected_and_escaping_file_sections_are_dropped_and_the_rest_kept_verbatim()
    {
        var filtered = PatchFilter.Apply(Patch, ["tests/**", "conftest.py"]);

        Assert.Contains("+    return a + b", filtered.Patch, StringComparison.Ordinal);
        Assert.Contains("+-- not a header", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("assert True", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("sys.exit", filtered.Patch, StringComparison.Ordinal);
        Assert.DoesNotContain("escaped", filtered.Patch, StringComparison.Ordinal);
        Assert.Equal(["tests/test_calc.py (protected)", "conftest.py (protected)", "../outside.txt (outside the workspace)"], filtered.Dropped);
        Assert.False(filtered.IsEmpty);
    }

    [Fact]
    public void A_patch_touching_only_protected_paths_becomes_empty()
    {
        var onlyTests = string.Join('\n', Patch.Split('\n').SkipWhile(l => !l.StartsWith("diff --git a/tests", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("diff --git a/conftest", StringComparison.Ordinal)));
        Assert.True(PatchFilter.Apply(onlyTests, ["tests/**"]).IsEmpty);
        Assert.True(PatchFilter.Apply("", ["tests/**"]).IsEmpty);
    }

    [Fact]
    public void Renames_and_git_internals_are_checked_on_both_names()
    {
        const string rename = "diff --git a/src/a.py b/tests/a.py\nsimilarity index 100%\nrename from src/a.py\nrename to tests/a.py\n";
        Assert.True(PatchFilter.Apply(rename, ["tests/**"]).IsEmpty);
        const string hook = "diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\nnew file mode 100755\n--- /dev/null\n+++ b/.git/hooks/pre-commit\n@@ -0,0 +1 @@\n+evil\n";
        Assert.True(PatchFilter.Apply(hook, []).IsEmpty);
    }

    [Theory]
    [InlineData(0, LimitHit.None, null, AttemptStatus.Resolved)]
    [InlineData(1, LimitHit.None, null, AttemptStatus.Unresolved)]
    [InlineData(null, LimitHit.WallTime, null, AttemptStatus.Unresolved)]
    [InlineData(0, LimitHit.Memory, null, AttemptStatus.Unresolved)]
    [InlineData(GradeVerdict.PatchDoesNotApply, LimitHit.None, null, AttemptStatus.Error)]
    [InlineData(GradeVerdict.HiddenTestsDoNotApply, LimitHit.None, null, AttemptStatus.Error)]
    [InlineData(0, LimitHit.None, "sandbox failed", AttemptStatus.Error)]
    public void Grading_results_map_to_swe_bench_statuses(int? exit, LimitHit limits, string? error, AttemptStatus expected)
    {
        var result = new SandboxJobResult { JobId = "j", ExitCode = exit, LimitsHit = limits, Error = error, Isolation = "test", Usage = new SandboxUsage(1, 1, 1) };
        Assert.Equal(expected, GradeVerdict.Of(result).Status);
    }

    [Fact]
    public void Tar_archives_are_deterministic_keep_exec_bits_and_refuse_escapes()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("src", "sub"));
        File.WriteAllText(dir.Combine("src", "b.txt"), "b");
        File.WriteAllText(dir.Combine("src", "sub", "run.sh"), "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(dir.Combine("src", "sub", "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var first = TarGz.PackDirectory(dir.Combine("src"));
        File.SetLastWriteTimeUtc(dir.Combine("src", "b.txt"), DateTime.UtcNow.AddDays(-3));
        Thread.Sleep(1100); // a tar header that carried the current time would now differ
        Assert.Equal(first, TarGz.PackDirectory(dir.Combine("src")));

        TarGz.Unpack(first, dir.Combine("out"));
        Assert.Equal("b", File.ReadAllText(dir.Combine("out", "b.txt")));
        Assert.True(File.GetUnixFileMode(dir.Combine("out", "sub", "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(["b.txt", "sub/run.sh"], TarGz.Read(first).Keys.Order());

        var evil = EvilArchive();
        var ex = Assert.Throws<InvalidDataException>(() => TarGz.Unpack(evil, dir.Combine("evil")));
        Assert.Contains("outside", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("escaped.txt")));
    }

    [Fact]
    public void Whole_file_diffs_apply_with_git()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("keep.txt"), "same\n");
        File.WriteAllText(dir.Combine("change.py"), "a\nb\n\n");
        File.WriteAllText(dir.Combine("gone.txt"), "bye");
        Git(dir.Path, "init -q");
        Git(dir.Path, "add -A");
        Git(dir.Path, "-c user.name=t -c user.email=t@t commit -qm base");

        var diff = WholeFileDiff.Of(
        [
            ("keep.txt", "same\n", "same\n"),
            ("change.py", "a\nb\n\n", "x\ny"),
            ("gone.txt", "bye", null),
            ("new/file.rs", null, "fn main() {}\n"),
        ]);
        File.WriteAllText(dir.Combine("gold.diff"), diff);
        Git(dir.Path, "apply gold.diff");

        Assert.Equal("x\ny", File.ReadAllText(dir.Combine("change.py")));
        Assert.False(File.Exists(dir.Combine("gone.txt")));
        Assert.Equal("fn main() {}\n", File.ReadAllText(dir.Combine("new", "file.rs")));
        Assert.DoesNotContain("keep.txt", diff, StringComparison.Ordinal);
    }

    private static byte[] EvilArchive()
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new System.Formats.Tar.TarWriter(gzip))
        {
            tar.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../escaped.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("x")) });
        }

        return output.ToArray();
    }

    private static void Git(string dir, string arguments)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = dir, RedirectStandardError = true })!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {arguments}: {error}");
    }
}
