using Dgm.Core.Benchmarks;
using Dgm.Testing;

namespace Dgm.Benchmarks.Tests;

/// <summary>The harness's per-repository, per-version test commands and directives, on test patches written here.</summary>
public sealed class SweBenchSpecsTests : IDisposable
{
    private readonly TempDirectory _dir = new("dgm-swe-specs");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("astropy/astropy", "1.3", "pytest -rA -vv -o console_output_style=classic --tb=no", TestReportFormat.SweBenchPytestV2)]
    [InlineData("astropy/astropy", "5.2", "pytest -rA", TestReportFormat.SweBenchPytestV2)]
    [InlineData("django/django", "1.9", "./tests/runtests.py --verbosity 2", TestReportFormat.SweBenchDjango)]
    [InlineData("django/django", "4.2", "./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1", TestReportFormat.SweBenchDjango)]
    [InlineData("matplotlib/matplotlib", "3.5", "pytest -rA", TestReportFormat.SweBenchMatplotlib)]
    [InlineData("mwaskom/seaborn", "0.12", "pytest --no-header -rA", TestReportFormat.SweBenchSeaborn)]
    [InlineData("pallets/flask", "2.3", "pytest -rA", TestReportFormat.SweBenchPytest)]
    [InlineData("psf/requests", "2.26", "pytest -rA", TestReportFormat.SweBenchPytestOptions)]
    [InlineData("pydata/xarray", "2022.06", "pytest -rA", TestReportFormat.SweBenchPytest)]
    [InlineData("pylint-dev/pylint", "2.15", "pytest -rA", TestReportFormat.SweBenchPytestOptions)]
    [InlineData("pytest-dev/pytest", "7.2", "pytest -rA", TestReportFormat.SweBenchPytest)]
    [InlineData("scikit-learn/scikit-learn", "1.3", "pytest -rA", TestReportFormat.SweBenchPytestV2)]
    [InlineData("sphinx-doc/sphinx", "7.1", "tox --current-env -epy39 -v --", TestReportFormat.SweBenchPytestV2)]
    [InlineData("sympy/sympy", "1.12", "PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose", TestReportFormat.SweBenchSympy)]
    public void Each_repository_version_gets_the_harness_test_command_and_log_parser(string repo, string version, string command, TestReportFormat log)
    {
        var spec = SweBenchSpecs.Find(repo, version);

        Assert.NotNull(spec);
        Assert.Equal((command, log), (spec.TestCommand, spec.Log));
    }

    [Theory]
    [InlineData("django/django", "2.2", "python setup.py install", "export PYTHONIOENCODING=utf8")]
    [InlineData("django/django", "3.1", "python -m pip install -e .", "sed -i '/en_US.UTF-8/s/^# //g' /etc/locale.gen && locale-gen")]
    [InlineData("django/django", "4.0", "python -m pip install -e .", null)]
    [InlineData("matplotlib/matplotlib", "2.2", "python setup.py build; python setup.py install", null)]
    [InlineData("matplotlib/matplotlib", "3.8", "python -m pip install --no-build-isolation -e \".[dev]\"", null)]
    [InlineData("mwaskom/seaborn", "0.11", "python -m pip install -e .", null)]
    [InlineData("psf/requests", "2.0", "python -m pip install .", null)]
    public void The_install_and_eval_commands_follow_the_version(string repo, string version, string install, string? evalCommand)
    {
        var spec = SweBenchSpecs.Find(repo, version)!;

        Assert.Equal(install, spec.Install);
        if (evalCommand is null)
        {
            Assert.Empty(spec.EvalCommands);
        }
        else
        {
            Assert.Contains(evalCommand, spec.EvalCommands);
        }
    }

    [Theory]
    [InlineData("django/django", "1.3")]
    [InlineData("django/django", "6.0")]
    [InlineData("astropy/astropy", "v5.1")]
    [InlineData("mwaskom/seaborn", "0.10")]
    [InlineData("acme/widgets", "1.0")]
    public void Versions_and_repositories_the_harness_does_not_know_have_no_spec(string repo, string version) =>
        Assert.Null(SweBenchSpecs.Find(repo, version));

    private const string TestPatch = """
        diff --git a/tests/admin_views/tests.py b/tests/admin_views/tests.py
        --- a/tests/admin_views/tests.py
        +++ b/tests/admin_views/tests.py
        @@ -1 +1 @@
        -a
        +b
        diff --git a/tests/admin_views/fixtures/data.json b/tests/admin_views/fixtures/data.json
        new file mode 100644
        diff --git a/tests/data/table.csv b/tests/data/table.csv
        diff --git a/tests/data/notes.txt b/tests/data/notes.txt
        diff --git a/docs/releases/4.1.txt b/docs/releases/4.1.txt
        diff --git a/tests/old/name.py b/tests/new/name.py
        diff --git a/tests/i18n/sampleproject/manage.py b/tests/i18n/sampleproject/manage.py
        """;

    [Fact]
    public void Directives_are_the_test_patch_b_paths_without_data_files()
    {
        Assert.Equal(["tests/admin_views/tests.py", "tests/new/name.py", "tests/i18n/sampleproject/manage.py"], SweBenchSpecs.TestDirectives("pallets/flask", TestPatch));
    }

    [Fact]
    public void Django_directives_are_module_labels()
    {
        Assert.Equal(["admin_views.tests", "new.name", "i18n.sampleproject.manage"], SweBenchSpecs.TestDirectives("django/django", TestPatch));
    }

    private static string Instance(string id, string repo, string? version, string testPatch = "diff --git a/tests/test_a.py b/tests/test_a.py\n") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["instance_id"] = id,
            ["repo"] = repo,
            ["base_commit"] = "abc",
            ["problem_statement"] = "p",
            ["test_patch"] = testPatch,
            ["FAIL_TO_PASS"] = "[\"test_a (a.tests.T)\"]",
            ["PASS_TO_PASS"] = "[]",
            ["version"] = version,
        }.Where(f => f.Value is not null).ToDictionary());

    [Fact]
    public void An_instance_whose_repository_or_version_the_harness_does_not_know_is_named_with_both()
    {
        var path = _dir.Combine("swe.jsonl");
        File.WriteAllLines(path,
        [
            Instance("django__django-9", "django/django", "9.9"),
            Instance("acme__widgets-1", "acme/widgets", "1.0"),
            Instance("django__django-10", "django/django", null),
            Instance("django__django-11", "django/django", "4.0", "diff --git a/docs/index.txt b/docs/index.txt\n"),
            Instance("sympy__sympy-12", "sympy/sympy", "1.12", "diff --git a/sympy/core/tests/test_basic.py b/sympy/core/tests/test_basic.py\n"),
        ]);

        var suite = SweBenchImporter.Read(path);

        Assert.Equal(
        [
            $"{path}:1: django__django-9: the SWE-bench harness has no test command for django/django version 9.9.",
            $"{path}:2: acme__widgets-1: the SWE-bench harness has no test command for acme/widgets version 1.0.",
            $"{path}:3: version is missing.",
            $"{path}:4: django__django-11: test_patch touches no test file to run.",
        ], suite.Problems);
        var sympy = Assert.Single(suite.Tasks).Task;
        Assert.Equal(
            "PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose sympy/core/tests/test_basic.py 2>&1 | tee \"$DGM_REPORT_DIR/test_output.txt\"",
            sympy.TestCommand);
        Assert.Equal("source /opt/miniconda3/bin/activate\nconda activate testbed\npython -m pip install -e .", sympy.TestSetup);
        Assert.Contains("`source /opt/miniconda3/bin/activate && conda activate testbed && cd /testbed && PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose <specific test files>`", sympy.TestHint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_django_task_activates_the_environment_sets_the_locale_and_reinstalls_before_its_tests()
    {
        var path = _dir.Combine("django.jsonl");
        File.WriteAllText(path, Instance("django__django-5", "django/django", "2.2", "diff --git a/tests/a/tests.py b/tests/a/tests.py\n"));

        var task = Assert.Single(SweBenchImporter.Read(path).Tasks).Task;

        Assert.Equal(
            "source /opt/miniconda3/bin/activate\nconda activate testbed\nexport LANG=en_US.UTF-8\nexport LC_ALL=en_US.UTF-8\nexport PYTHONIOENCODING=utf8\nexport LANGUAGE=en_US:en\npython setup.py install",
            task.TestSetup);
        Assert.Contains("some_folder.some_file", task.TestHint, StringComparison.Ordinal);
        Assert.Contains("./tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 <specific test files>", task.TestHint, StringComparison.Ordinal);
    }
}
