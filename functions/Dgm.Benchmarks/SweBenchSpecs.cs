using System.Globalization;
using Dgm.Core.Benchmarks;

namespace Dgm.Benchmarks;

/// <summary>How the SWE-bench harness evaluates one repository at one version: its test command, the commands it runs first, and its log parser.</summary>
/// <param name="EvalCommands">Run in the activated environment before anything else (Django's locale).</param>
/// <param name="Install">Reinstalls the package so the tests see the patched code (run again at every evaluation).</param>
public sealed record SweBenchSpec(string TestCommand, string Install, IReadOnlyList<string> EvalCommands, TestReportFormat Log);

/// <summary>
/// The SWE-bench harness's per-repository, per-version test commands (its <c>MAP_REPO_VERSION_TO_SPECS</c>) for the
/// twelve repositories of SWE-bench, Lite and Verified. Where the harness's command depends on the version, the
/// versions it knows bound what is accepted; where it does not, every version gets the one command.
/// </summary>
public static class SweBenchSpecs
{
    private const string Pytest = "pytest -rA";
    private const string EditableInstall = "python -m pip install -e .";
    private const string DjangoTests = "./tests/runtests.py --verbosity 2";
    private const string DjangoSqliteTests = DjangoTests + " --settings=test_sqlite --parallel 1";

    private static readonly string[] DjangoLocale = ["export LANG=en_US.UTF-8", "export LC_ALL=en_US.UTF-8", "export PYTHONIOENCODING=utf8", "export LANGUAGE=en_US:en"];

    private static readonly string[] DjangoLocaleGenerated =
        ["sed -i '/en_US.UTF-8/s/^# //g' /etc/locale.gen && locale-gen", "export LANG=en_US.UTF-8", "export LANGUAGE=en_US:en", "export LC_ALL=en_US.UTF-8"];

    /// <summary>The spec for <paramref name="repo"/> at <paramref name="version"/>; null when the harness has none.</summary>
    public static SweBenchSpec? Find(string repo, string version)
    {
        var v = Parse(version);
        return (repo, v) switch
        {
            (_, null) => null,
            ("astropy/astropy", { } n) when Between(n, (0, 1), (5, 3)) => new(
                Below(n, (3, 0)) ? "pytest -rA -vv -o console_output_style=classic --tb=no" : Pytest, "python -m pip install -e .[test] --verbose", [], TestReportFormat.SweBenchPytestV2),
            ("django/django", { } n) when Between(n, (1, 4), (5, 2)) => new(
                n == (1, 9) ? DjangoTests : DjangoSqliteTests,
                Below(n, (3, 0)) ? "python setup.py install" : EditableInstall,
                Between(n, (1, 7), (2, 2)) ? DjangoLocale : Between(n, (3, 0), (3, 2)) ? DjangoLocaleGenerated : [],
                TestReportFormat.SweBenchDjango),
            ("matplotlib/matplotlib", { } n) when Between(n, (1, 0), (3, 9)) => new(
                Pytest,
                Below(n, (3, 0)) ? "python setup.py build; python setup.py install" : Below(n, (3, 8)) ? EditableInstall : "python -m pip install --no-build-isolation -e \".[dev]\"",
                [], TestReportFormat.SweBenchMatplotlib),
            ("mwaskom/seaborn", { } n) when Between(n, (0, 11), (0, 14)) => new(
                "pytest --no-header -rA", n == (0, 11) ? EditableInstall : "python -m pip install -e .[dev]", [], TestReportFormat.SweBenchSeaborn),
            ("pallets/flask", _) => new(Pytest, EditableInstall, [], TestReportFormat.SweBenchPytest),
            ("psf/requests", _) => new(Pytest, "python -m pip install .", [], TestReportFormat.SweBenchPytestOptions),
            ("pydata/xarray", _) => new(Pytest, EditableInstall, [], TestReportFormat.SweBenchPytest),
            ("pylint-dev/pylint", _) => new(Pytest, EditableInstall, [], TestReportFormat.SweBenchPytestOptions),
            ("pytest-dev/pytest", _) => new(Pytest, EditableInstall, [], TestReportFormat.SweBenchPytest),
            ("scikit-learn/scikit-learn", _) => new(Pytest, "python -m pip install -v --no-use-pep517 --no-build-isolation -e .", [], TestReportFormat.SweBenchPytestV2),
            ("sphinx-doc/sphinx", _) => new("tox --current-env -epy39 -v --", "python -m pip install -e .[test]", [], TestReportFormat.SweBenchPytestV2),
            ("sympy/sympy", _) => new(
                "PYTHONWARNINGS='ignore::UserWarning,ignore::SyntaxWarning' bin/test -C --verbose", EditableInstall, [], TestReportFormat.SweBenchSympy),
            _ => null,
        };
    }

    /// <summary>
    /// What the harness puts after the test command: the b/ path of every file the test patch touches, minus data
    /// files, in order; for Django, as a test module label (<c>tests/a/tests.py</c> → <c>a.tests</c>).
    /// </summary>
    public static IReadOnlyList<string> TestDirectives(string repo, string testPatch)
    {
        // The harness matches its own extension list literally; "csv" has no dot there.
        string[] notTests = [".json", ".png", "csv", ".txt", ".md", ".jpg", ".jpeg", ".pkl", ".yml", ".yaml", ".toml"];
        var directives = testPatch.Split('\n')
            .Where(l => l.StartsWith("diff --git a/", StringComparison.Ordinal) && l.LastIndexOf(" b/", StringComparison.Ordinal) > 0)
            .Select(l => l[(l.LastIndexOf(" b/", StringComparison.Ordinal) + 3)..].TrimEnd('\r'))
            .Where(d => !notTests.Any(e => d.EndsWith(e, StringComparison.Ordinal)));
        return repo == "django/django" ? [.. directives.Select(DjangoLabel)] : [.. directives];
    }

    private static string DjangoLabel(string path)
    {
        var label = path.EndsWith(".py", StringComparison.Ordinal) ? path[..^3] : path;
        label = label.StartsWith("tests/", StringComparison.Ordinal) ? label["tests/".Length..] : label;
        return label.Replace('/', '.');
    }

    private static (int Major, int Minor)? Parse(string version)
    {
        var parts = version.Split('.');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    private static bool Between((int, int) version, (int, int) first, (int, int) last) => version.CompareTo(first) >= 0 && version.CompareTo(last) <= 0;

    private static bool Below((int, int) version, (int, int) bound) => version.CompareTo(bound) < 0;
}
