using System.Text;
using System.Text.Json;
using Dgm.Core.Benchmarks;
using Dgm.Core.Configuration;
using Dgm.Core.Harness;
using Dgm.Jobs;
using Dgm.Testing;

namespace Dgm.Core.Tests;

/// <summary>
/// Hostile patches against the filter, each also applied with <c>git apply</c>: the attack reaches the protected file
/// when the patch is applied unfiltered, and the filtered patch leaves it as it was. Valid patches made by git pass
/// through byte for byte and still apply.
/// </summary>
public sealed class PatchFilterTests
{
    [Fact]
    public async Task A_traditional_section_after_a_hunk_is_a_file_of_its_own_and_is_dropped()
    {
        using var tree = await GitTree.CreateAsync(("src/lib.rs", "pub fn f() -> i32 { 1 }\n"), (".cargo/config.toml", "[build]\n"));
        const string patch = """
            diff --git a/src/lib.rs b/src/lib.rs
            --- a/src/lib.rs
            +++ b/src/lib.rs
            @@ -1 +1 @@
            -pub fn f() -> i32 { 1 }
            +pub fn f() -> i32 { 2 }
            --- x/.cargo/config.toml
            +++ y/.cargo/config.toml
            @@ -1 +1,2 @@
             [build]
            +runner = "true"

            """;

        Assert.Contains("runner", await tree.ApplyAndReadAsync(patch, ".cargo/config.toml"), StringComparison.Ordinal);
        var filtered = PatchFilter.Apply(patch, ["tests/**", ".cargo/**"]);

        Assert.Equal([".cargo/config.toml (protected)"], filtered.Dropped);
        Assert.Equal("[build]\n", await tree.ApplyAndReadAsync(filtered.Patch, ".cargo/config.toml"));
        Assert.Contains("2", tree.Read("src/lib.rs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traditional_name_is_checked_as_git_reads_it_before_a_date()
    {
        using var tree = await GitTree.CreateAsync(("x y/conftest.py", "pass\n"));
        const string patch = """
            --- a/x y/conftest.py 2020-01-01 00:00:00.000000000 +0000
            +++ b/x y/conftest.py 2020-01-01 00:00:00.000000000 +0000
            @@ -1 +1 @@
            -pass
            +import os; os._exit(0)

            """;

        Assert.Contains("_exit", await tree.ApplyAndReadAsync(patch, "x y/conftest.py"), StringComparison.Ordinal);
        var filtered = PatchFilter.Apply(patch, ["tests/**"]);

        Assert.Equal(["x y/conftest.py (protected)"], filtered.Dropped);
        Assert.True(filtered.IsEmpty);
    }

    [Fact]
    public async Task A_binary_patch_under_a_quoted_git_header_is_dropped()
    {
        using var tree = await GitTree.CreateAsync(("src/a.txt", "one\n"), ("tests/café.bin", "\0\u0001\u0002"));
        tree.Write("src/a.txt", "two\n");
        tree.Write("tests/café.bin", "\0\u0001\u0002\u0003forged");
        var patch = await tree.DiffAsync();
        Assert.Contains("diff --git \"a/tests/caf\\303\\251.bin\" \"b/tests/caf\\303\\251.bin\"", patch, StringComparison.Ordinal);
        Assert.Contains("GIT binary patch", patch, StringComparison.Ordinal);

        Assert.Contains("forged", await tree.ApplyAndReadAsync(patch, "tests/café.bin"), StringComparison.Ordinal);
        var filtered = PatchFilter.Apply(patch, ["tests/**"]);

        Assert.Equal(["tests/café.bin (protected)"], filtered.Dropped);
        Assert.Equal("\0\u0001\u0002", await tree.ApplyAndReadAsync(filtered.Patch, "tests/café.bin"));
        Assert.Equal("two\n", tree.Read("src/a.txt"));
    }

    [Fact]
    public async Task A_quoted_rename_into_a_protected_path_is_dropped()
    {
        using var tree = await GitTree.CreateAsync(("src/main.py", "print(1)\n"), ("src/helper.py", "def ok():\n    return True\n"));
        tree.Write("src/main.py", "print(2)\n");
        tree.Move("src/helper.py", "tests/tést_helper.py");
        var patch = await tree.DiffAsync();
        Assert.Contains("rename to \"tests/t\\303\\251st_helper.py\"", patch, StringComparison.Ordinal);

        Assert.Contains("return True", await tree.ApplyAndReadAsync(patch, "tests/tést_helper.py"), StringComparison.Ordinal);
        var filtered = PatchFilter.Apply(patch, ["tests/**"]);

        Assert.Equal(["tests/tést_helper.py (protected)"], filtered.Dropped);
        Assert.Null(await tree.ApplyAndReadAsync(filtered.Patch, "tests/tést_helper.py"));
        Assert.Equal("print(2)\n", tree.Read("src/main.py"));
    }

    [Fact]
    public async Task An_msbuild_user_file_beside_a_project_is_dropped_though_the_task_does_not_list_it()
    {
        var task = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("benchmarks", "starter", "tasks", "cs-template-render", "task.json")));
        var listed = task.RootElement.GetProperty("protectedPaths").EnumerateArray().Select(p => p.GetString()!).ToList();
        using var tree = await GitTree.CreateAsync(("src/Templating/Templating.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n"), ("src/Templating/TemplateRenderer.cs", "class A {}\n"));
        tree.Write("src/Templating/TemplateRenderer.cs", "class B {}\n");
        tree.Write("src/Templating/Templating.csproj.user", "<Project><Target Name=\"Overwrite\" BeforeTargets=\"Build\" /></Project>\n");
        var patch = await tree.DiffAsync();

        foreach (var editable in new[] { Array.Empty<string>(), ["src/**"] })
        {
            var filtered = PatchFilter.Apply(patch, listed, editable);
            Assert.Equal(["src/Templating/Templating.csproj.user (protected)"], filtered.Dropped);
            Assert.Null(await tree.ApplyAndReadAsync(filtered.Patch, "src/Templating/Templating.csproj.user"));
            Assert.Equal("class B {}\n", tree.Read("src/Templating/TemplateRenderer.cs"));
        }
    }

    [Fact]
    public void The_grade_job_checks_the_applied_patch_against_the_implicit_imports_too()
    {
        var task = new BenchmarkTask { Id = "t", Language = "csharp", TestCommand = "true", ProtectedPaths = ["tests/**"], EditablePaths = ["src/**"] };
        var job = new HarnessJobs(new RunConfig()).Grade(new JobIdentity("r", "n", "grade", "l"), "suite", task, "patch");
        var grade = JobsJson.Read<StepSpec>(job.Environment[JobVariables.Step], "step").Grade!;

        Assert.Equal(["src/**"], grade.EditablePaths);
        Assert.Contains("tests/**", grade.ProtectedPaths);
        Assert.True(PathGlob.AnyMatch(grade.ProtectedPaths.Select(p => new PathGlob(p)), "src/App/App.csproj.user"));
    }

    [Fact]
    public async Task Lines_like_file_headers_inside_a_hunk_are_content()
    {
        using var tree = await GitTree.CreateAsync(("src/query.sql", "select 1;\n-- a/tests/test_x.py\n"), ("tests/test_x.py", "assert f() == 2\n"));
        tree.Write("src/query.sql", "select 1;\n++ b/tests/test_x.py\n");
        var patch = await tree.DiffAsync();
        Assert.Contains("\n--- a/tests/test_x.py\n+++ b/tests/test_x.py\n", patch, StringComparison.Ordinal);

        var filtered = PatchFilter.Apply(patch, ["tests/**"], ["src/**"]);

        Assert.Empty(filtered.Dropped);
        Assert.Equal(patch, filtered.Patch);
        Assert.Equal("assert f() == 2\n", await tree.ApplyAndReadAsync(filtered.Patch, "tests/test_x.py"));
        Assert.Equal("select 1;\n++ b/tests/test_x.py\n", tree.Read("src/query.sql"));
    }

    [Fact]
    public async Task Valid_patches_pass_through_byte_for_byte_and_apply()
    {
        using var tree = await GitTree.CreateAsync(
            ("src/a.txt", "one\ntwo\n"),
            ("docs/old name.md", "# notes\nkept as they are\n"),
            ("src/gone.txt", "bye\n"),
            ("src/no-eol.txt", "x"),
            ("src/zz.bin", "\0\u0001binary"));
        tree.Write("src/a.txt", "one\n2\n");
        tree.Move("docs/old name.md", "docs/new name.md");
        tree.Delete("src/gone.txt");
        tree.Write("src/no-eol.txt", "y");
        tree.Write("src/with space.txt", "new\n");
        tree.Write("src/zz.bin", "\0\u0002binary\u00ff");
        var expected = tree.Snapshot();
        var patch = await tree.DiffAsync();
        Assert.Contains("rename from docs/old name.md", patch, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", patch, StringComparison.Ordinal);

        foreach (var editable in new[] { Array.Empty<string>(), ["src/**", "docs/**"] })
        {
            var filtered = PatchFilter.Apply(patch, ["tests/**"], editable);

            Assert.Empty(filtered.Dropped);
            Assert.Null(filtered.Error);
            Assert.Equal(patch, filtered.Patch);
            await tree.ApplyAndReadAsync(filtered.Patch, "src/a.txt");
            Assert.Equal(expected, tree.Snapshot());
        }
    }

    [Theory]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n", "line 6: the patch ends inside a hunk")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n-c\n", "line 7: expected a file header")]
    [InlineData("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\nrm -rf /\n", "line 6: a hunk has fewer lines")]
    [InlineData("note\ndiff --git a/x b/x\n", "line 1: expected a file header")]
    [InlineData("diff --git a/x b/x\nGIT binary patch\nliteral 3\n\n", "line 4: a binary patch block has no data")]
    [InlineData("diff --git a/x b/x\nexecute something\n", "line 2: unexpected line")]
    [InlineData("diff --git a/x y b/z w\nnew file mode 100644\n", "names no file that can be told apart")]
    [InlineData("diff --git a/x b/x\nrename to \"tests/\\q\"\n", "line 2: malformed quoted name")]
    public void A_patch_git_could_read_differently_is_refused_whole_with_the_reason(string patch, string reason)
    {
        var filtered = PatchFilter.Apply(patch, []);

        Assert.True(filtered.IsEmpty);
        Assert.StartsWith("the patch does not parse: ", filtered.Error, StringComparison.Ordinal);
        Assert.Contains(reason, filtered.Error, StringComparison.Ordinal);
    }

    /// <summary>A git repository with a committed base, used to make patches with git and to apply them to the base.</summary>
    private sealed class GitTree : IDisposable
    {
        private readonly TempDirectory _root = new("dgm-patch");

        private string Work => _root.Combine("work");

        public static async Task<GitTree> CreateAsync(params (string Path, string Text)[] files)
        {
            var tree = new GitTree();
            Directory.CreateDirectory(tree.Work);
            foreach (var (path, text) in files)
            {
                tree.Write(path, text);
            }

            await tree.GitAsync("init", "--quiet");
            await tree.GitAsync("add", "--all");
            await tree.GitAsync("commit", "--quiet", "-m", "base");
            return tree;
        }

        /// <summary>Latin-1, so every byte of a binary file is one character.</summary>
        public void Write(string path, string text)
        {
            var full = Path.Combine(Work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, Encoding.Latin1.GetBytes(text));
        }

        public string? Read(string path) => File.Exists(Path.Combine(Work, path)) ? Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(Work, path))) : null;

        public void Move(string from, string to)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Work, to))!);
            File.Move(Path.Combine(Work, from), Path.Combine(Work, to));
        }

        public void Delete(string path) => File.Delete(Path.Combine(Work, path));

        /// <summary>Every file of the work tree (outside .git) with its bytes.</summary>
        public Dictionary<string, string> Snapshot() =>
            Directory.EnumerateFiles(Work, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Work, f))
                .Where(f => !f.StartsWith(".git/", StringComparison.Ordinal))
                .ToDictionary(f => f, f => Read(f)!, StringComparer.Ordinal);

        /// <summary>The change since the base as git makes it (renames found, binary included); the tree goes back to the base.</summary>
        public async Task<string> DiffAsync()
        {
            var output = _root.Combine("made.diff");
            await GitAsync("add", "--all");
            await GitAsync("diff", "--cached", "--binary", "--full-index", "-M", $"--output={output}", "HEAD");
            await ResetAsync();
            return Encoding.UTF8.GetString(File.ReadAllBytes(output));
        }

        /// <summary>Applies the patch to the base with git and returns the file's text afterwards (null when it does not exist).</summary>
        public async Task<string?> ApplyAndReadAsync(string patch, string path)
        {
            await ResetAsync();
            var file = _root.Combine("applied.diff");
            await File.WriteAllBytesAsync(file, Encoding.UTF8.GetBytes(patch));
            if (patch.Length > 0)
            {
                await GitAsync("apply", "--whitespace=nowarn", file);
            }

            return Read(path);
        }

        public void Dispose() => _root.Dispose();

        private async Task ResetAsync()
        {
            await GitAsync("reset", "--quiet", "--hard", "HEAD");
            await GitAsync("clean", "--quiet", "-fdx");
        }

        private async Task GitAsync(params string[] arguments)
        {
            var environment = new Dictionary<string, string>
            {
                ["GIT_CONFIG_NOSYSTEM"] = "1",
                ["GIT_CONFIG_GLOBAL"] = "/dev/null",
                ["HOME"] = _root.Path,
            };
            var result = await ProcessRunner.RunAsync(
                "git",
                ["-c", "user.name=t", "-c", "user.email=t@localhost", "-c", "core.hooksPath=/dev/null", "-c", "init.defaultBranch=main", .. arguments],
                Work,
                TimeSpan.FromMinutes(1),
                environment);
            Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result.Output}");
        }
    }
}
