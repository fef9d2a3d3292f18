using System.Text;
using Dgm.Core.Benchmarks;
using Dgm.Local.Artifacts;
using Dgm.Benchmarks;
using Dgm.Testing;
using Dgm.Jobs.Archives;

namespace Dgm.Benchmarks.Tests;

/// <summary>Importers read hand-made miniatures written here (nothing copied from real suites).</summary>
public sealed class ImporterTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-import");

    public void Dispose() => _dir.Dispose();

    private void Write(string relative, string content)
    {
        var path = _dir.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>A tiny Polyglot-shaped tree: one good C++ exercise, one Python exercise with a broken .meta/config.json.</summary>
    internal static void WriteMiniPolyglot(Action<string, string> write)
    {
        const string root = "polyglot/cpp/exercises/practice/tally";
        write($"{root}/.docs/instructions.md", "Count how many times each word appears in a sentence.\n");
        write($"{root}/.meta/config.json", """{"files":{"solution":["tally.cpp"],"test":["tally_test.cpp"],"example":[".meta/example.cpp"]}}""");
        write($"{root}/tally.h", "#pragma once\n#include <string>\nint tally(const std::string& text, const std::string& word);\n");
        write($"{root}/tally.cpp", "#include \"tally.h\"\nint tally(const std::string&, const std::string&) { return 0; }\n");
        write($"{root}/.meta/example.cpp", """
            #include "tally.h"
            #include <sstream>
            int tally(const std::string& text, const std::string& word) {
                std::istringstream in(text); std::string w; int n = 0;
                while (in >> w) if (w == word) ++n;
                return n;
            }
            """);
        write($"{root}/tally_test.cpp", """
            #include "tally.h"
            #include <cstdio>
            #include <cstring>
            // A miniature of a Catch2 test binary: with "-r xml -o FILE" it writes the shape of Catch2's XML report.
            int main(int argc, char** argv) {
                int failures = 0;
                if (tally("a b a", "a") != 2) { std::puts("FAIL a"); ++failures; }
                if (tally("x y", "z") != 0) { std::puts("FAIL z"); ++failures; }
                if (argc == 5 && std::strcmp(argv[2], "xml") == 0) {
                    std::FILE* out = std::fopen(argv[4], "w");
                    std::fprintf(out, "<Catch><Group name=\"tally\"><TestCase name=\"tally\"><OverallResult success=\"%s\"/></TestCase></Group>"
                        "<OverallResultsCases successes=\"%d\" failures=\"%d\" expectedFailures=\"0\"/></Catch>\n",
                        failures == 0 ? "true" : "false", failures == 0 ? 1 : 0, failures == 0 ? 0 : 1);
                    std::fclose(out);
                }
                return failures == 0 ? 0 : 1;
            }
            """);
        write($"{root}/CMakeLists.txt", """
            cmake_minimum_required(VERSION 3.10)
            project(tally CXX)
            add_executable(tally tally.cpp tally_test.cpp)
            add_custom_target(run_tests ALL COMMAND tally DEPENDS tally)
            """);
        write("polyglot/python/exercises/practice/broken/.docs/instructions.md", "Do something.\n");
        write("polyglot/python/exercises/practice/broken/.meta/config.json", """{"files":{"test":["broken_test.py"],"example":[".meta/example.py"]}}""");
        write("polyglot/python/exercises/practice/broken/broken_test.py", "assert False\n");
        write("polyglot/ruby/exercises/practice/hello/.docs/instructions.md", "Say hello.\n");
    }

    [Fact]
    public void Polyglot_exercises_become_tasks_and_a_bad_one_does_not_sink_the_import()
    {
        WriteMiniPolyglot(Write);
        var suite = PolyglotImporter.Read(_dir.Combine("polyglot"), "mini");

        var task = Assert.Single(suite.Tasks);
        Assert.Equal("cpp-tally", task.Task.Id);
        Assert.Equal("cpp", task.Task.Language);
        Assert.Contains("EXERCISM_RUN_ALL_TESTS=1", task.Task.TestCommand, StringComparison.Ordinal);
        Assert.Contains("make", task.Task.TestCommand, StringComparison.Ordinal);
        Assert.Contains("Count how many times", task.Task.ProblemStatement, StringComparison.Ordinal);
        Assert.Contains("tally_test.cpp", task.Task.ProtectedPaths);
        Assert.Contains("CMakeLists.txt", task.Task.ProtectedPaths);

        var workspace = TarExtractor.ReadFiles(task.Workspace!);
        Assert.Equal(["CMakeLists.txt", "tally.cpp", "tally.h"], workspace.Keys.Order());
        Assert.Equal(["tally_test.cpp"], TarExtractor.ReadFiles(task.Hidden!).Keys);
        Assert.Contains("+    while (in >> w)", task.Gold, StringComparison.Ordinal);
        Assert.StartsWith("diff --git a/tally.cpp b/tally.cpp", task.Gold, StringComparison.Ordinal);

        Assert.Contains(suite.Problems, p => p.Contains("broken/.meta/config.json: files.solution must list at least one file", StringComparison.Ordinal));
        Assert.Contains(suite.Problems, p => p.Contains("language 'ruby'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exercise_marked_skip_tests_is_graded_by_exit_code_and_the_others_by_their_report()
    {
        WriteMiniPolyglot(Write);
        Assert.Equal(TestReportFormat.Catch2Xml, Assert.Single(PolyglotImporter.Read(_dir.Combine("polyglot"), "mini").Tasks).Task.TestReport);

        Write("polyglot/cpp/exercises/practice/tally/.meta/.skip_tests", "testing is skipped\n");

        Assert.Equal(TestReportFormat.None, Assert.Single(PolyglotImporter.Read(_dir.Combine("polyglot"), "mini").Tasks).Task.TestReport);
    }

    [Fact]
    public void A_polyglot_exercise_with_a_symlink_to_a_host_file_is_skipped_with_the_link_named()
    {
        WriteMiniPolyglot(Write);
        Write("host/secret.txt", "host secret");
        var link = _dir.Combine("polyglot", "cpp", "exercises", "practice", "tally", "tally.h");
        File.Delete(link);
        File.CreateSymbolicLink(link, _dir.Combine("host", "secret.txt"));

        var suite = PolyglotImporter.Read(_dir.Combine("polyglot"), "mini");

        Assert.Empty(suite.Tasks);
        Assert.Contains(suite.Problems, p => p.StartsWith($"{link} is a symlink (to '{_dir.Combine("host", "secret.txt")}')", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Swe_bench_instances_import_as_container_tasks_and_bad_lines_are_named()
    {
        Write("swe.jsonl", string.Join('\n',
            """{"instance_id":"pallets__flask-101","repo":"pallets/flask","version":"2.3","base_commit":"abc123","problem_statement":"Widgets overflow.","test_patch":"diff --git a/tests/test_w.py b/tests/test_w.py\n--- a/tests/test_w.py\n+++ b/tests/test_w.py\n@@ -1 +1,2 @@\n x\n+y\n","FAIL_TO_PASS":"[\"tests/test_w.py::test_overflow\"]","PASS_TO_PASS":["tests/test_w.py::test_ok"],"patch":"diff --git a/w.py b/w.py\n"}""",
            """{"instance_id":"django__django-1","repo":"django/django","version":"3.0","base_commit":"def","problem_statement":"p","test_patch":"diff --git a/tests/admin_views/tests.py b/tests/admin_views/tests.py\n","FAIL_TO_PASS":["test_x (admin_views.tests.T)"],"PASS_TO_PASS":"[]"}""",
            """{"instance_id":"pallets__flask-102","repo":"pallets/flask","version":"2.3","base_commit":"abc","problem_statement":"p","test_patch":"d","PASS_TO_PASS":[]}""",
            "{not json",
            ""));

        var suite = SweBenchImporter.Read(_dir.Combine("swe.jsonl"));

        Assert.Equal(["pallets-flask-101", "django-django-1"], suite.Tasks.Select(t => t.Task.Id));
        var first = suite.Tasks[0].Task;
        Assert.Equal("swebench/sweb.eval.x86_64.pallets_1776_flask-101", first.Image);
        Assert.Equal("/testbed", first.ImageWorkspace);
        Assert.Equal("/opt/miniconda3/envs/testbed", first.ImageEnvironment);
        Assert.Equal(HiddenTestsFormat.Patch, first.HiddenTests);
        Assert.Equal("pytest -rA tests/test_w.py 2>&1 | tee \"$DGM_REPORT_DIR/test_output.txt\"", first.TestCommand);
        Assert.Equal(TestReportFormat.SweBenchPytest, first.TestReport);
        Assert.Equal(["tests/test_w.py::test_overflow"], first.FailToPass);
        Assert.Equal(["tests/test_w.py::test_ok"], first.PassToPass);
        Assert.Equal(["tests/test_w.py"], first.ProtectedPaths);
        Assert.True(first.HasGoldPatch);
        Assert.Equal((32400, 1800), (first.Timeouts.AgentSeconds, first.Timeouts.TestSeconds));
        var django = suite.Tasks[1].Task;
        Assert.StartsWith("./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 admin_views.tests 2>&1", django.TestCommand, StringComparison.Ordinal);
        Assert.Equal(TestReportFormat.SweBenchDjango, django.TestReport);

        Assert.Contains(suite.Problems, p => p.EndsWith("swe.jsonl:3: FAIL_TO_PASS is missing.", StringComparison.Ordinal));
        Assert.Contains(suite.Problems, p => p.Contains("swe.jsonl:4: not valid JSON", StringComparison.Ordinal));

        var store = new DiskArtifactStore(_dir.Combine("store"));
        var stored = 0;
        await SuiteStore.WriteAsync(store, suite, () => stored++);
        Assert.Equal(2, stored);
        var loaded = await BenchmarkSuite.LoadAsync(store, "swebench");
        Assert.Equal(2, loaded.Tasks.Count);
        Assert.Equal("Widgets overflow.", Encoding.UTF8.GetString((await store.GetAsync(SuiteLayout.Problem("swebench", "pallets-flask-101")))!.Content));
        Assert.NotNull(await store.GetAsync(SuiteLayout.HiddenPatch("swebench", "pallets-flask-101")));
        var reloaded = loaded.Task("django-django-1");
        Assert.Equal((TestReportFormat.SweBenchDjango, "test_x (admin_views.tests.T)"), (reloaded.TestReport, reloaded.FailToPass[0]));
    }

    [Fact]
    public void Folder_suites_name_the_file_and_field_of_a_bad_task()
    {
        Write("suite/suite.json", """{"name":"mine","description":"d"}""");
        Write("suite/tasks/ok-1/task.json", """{"id":"ok-1","language":"python","testCommand":"true"}""");
        Write("suite/tasks/ok-1/problem.md", "Fix it.");
        Write("suite/tasks/ok-1/workspace/a.py", "x = 1\n");
        Write("suite/tasks/bad-id/task.json", """{"id":"other","language":"python","testCommand":"true"}""");
        Write("suite/tasks/bad-json/task.json", """{"id":"bad-json","language":"python","testCommand":"true","timeouts":{"agentSeconds":"soon"}}""");
        Write("suite/tasks/no-workspace/task.json", """{"id":"no-workspace","language":"python","testCommand":"true"}""");
        Write("suite/tasks/no-workspace/problem.md", "x");
        Write("host/secret.txt", "host secret");
        Write("suite/tasks/linked/task.json", """{"id":"linked","language":"python","testCommand":"true"}""");
        Write("suite/tasks/linked/workspace/a.py", "x = 1\n");
        File.CreateSymbolicLink(_dir.Combine("suite", "tasks", "linked", "problem.md"), _dir.Combine("host", "secret.txt"));
        File.CreateSymbolicLink(_dir.Combine("suite", "tasks", "ok-1", "workspace", "secret"), _dir.Combine("host", "secret.txt"));

        var suite = FolderSuiteReader.Read(_dir.Combine("suite"));

        Assert.Equal(["ok-1"], suite.Tasks.Select(t => t.Task.Id));
        Assert.Equal(HiddenTestsFormat.None, suite.Tasks[0].Task.HiddenTests);
        Assert.Contains(suite.Problems, p => p.Contains("bad-id/task.json: id must equal the folder name 'bad-id', got 'other'", StringComparison.Ordinal));
        Assert.Contains(suite.Problems, p => p.Contains("bad-json/task.json", StringComparison.Ordinal) && p.Contains("timeouts.agentSeconds", StringComparison.Ordinal));
        Assert.Contains(suite.Problems, p => p.Contains("no-workspace/workspace is missing", StringComparison.Ordinal));
        Assert.Contains(suite.Problems, p => p.Contains($"linked/problem.md is a symlink (to '{_dir.Combine("host", "secret.txt")}')", StringComparison.Ordinal));
        // A link inside the workspace is packed as a link and restores as one; the host file's content never enters the suite.
        using var restored = new TempDirectory("dgm-import-restored");
        TarExtractor.Extract(suite.Tasks[0].Workspace!, restored.Path);
        Assert.Equal(_dir.Combine("host", "secret.txt"), new FileInfo(restored.Combine("secret")).LinkTarget);
        Assert.Equal(["a.py"], TarExtractor.ReadFiles(suite.Tasks[0].Workspace!).Keys);
    }
}
