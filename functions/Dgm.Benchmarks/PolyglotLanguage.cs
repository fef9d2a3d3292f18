using Dgm.Core.Benchmarks;

namespace Dgm.Benchmarks;

/// <summary>
/// How one Polyglot language is graded, as the reference harnesses do it (Aider's benchmark.py, DGM's
/// polyglot/constants.py): the test command (pass = it exits 0 within the test time limit and the test runner's own
/// report, written into <c>$DGM_REPORT_DIR</c>, lists every test passed), what must be on the sandbox's PATH with
/// the package that provides it, and the paths a patch may never change beyond the tests.
/// </summary>
/// <param name="Language">The folder name in the benchmark, also the task's language.</param>
/// <param name="TestCommand">Bash, run in the workspace with the hidden tests in place.</param>
/// <param name="TestReport">The report the test command writes into <c>$DGM_REPORT_DIR</c>.</param>
/// <param name="Toolchain">Commands (or absolute files) the test command needs, each with what provides it.</param>
/// <param name="Hooks">Globs of files that could change how the tests run (configuration, build scripts).</param>
/// <param name="TestHint">What the agent is told about testing.</param>
internal sealed record PolyglotLanguage(string Language, string TestCommand, TestReportFormat TestReport, IReadOnlyDictionary<string, string> Toolchain, string[] Hooks, string TestHint);

/// <summary>The six languages of the benchmark: one table, so grading from test reports can sit beside each command.</summary>
internal static class PolyglotLanguages
{
    /// <summary>Where the shared tool folder keeps Jest and Babel (infra/sandbox-tools/javascript, installed by infra/install-test-deps.sh).</summary>
    public const string JavaScriptModules = Dgm.Jobs.JobPaths.Tools + "/javascript/node_modules";

    private const string HiddenTests =
        "The tests that grade your work are hidden and are not in the repository. Write your own tests for the behaviour the problem describes and run them";

    /// <summary>A Go build cache of the standard library (infra/sandbox-tools/go/warm-cache.sh, run by the install script).</summary>
    private const string GoBuildCache = Dgm.Jobs.JobPaths.Tools + "/go-cache";

    private const string JavaLauncher = "/usr/share/java/junit-platform-console-standalone.jar";

    /// <summary>The jars every Java exercise compiles and runs its tests against (build.gradle: JUnit 5, AssertJ).</summary>
    internal static readonly string[] JavaTestJars =
    [
        "/usr/share/java/junit-jupiter-api.jar", "/usr/share/java/junit-jupiter-params.jar", "/usr/share/java/apiguardian-api.jar",
        "/usr/share/java/opentest4j.jar", "/usr/share/java/junit-platform-commons.jar",
    ];

    private static readonly Dictionary<string, string> Compilers = new(StringComparer.Ordinal)
    {
        ["cmake"] = "Debian cmake",
        ["make"] = "Debian make",
        ["g++"] = "Debian g++",
    };

    public static readonly IReadOnlyDictionary<string, PolyglotLanguage> All = new PolyglotLanguage[]
    {
        new(
            "cpp",
            // make runs the test binary (named after the exercise, DGM_EXERCISE, set per task) as the reference does; it
            // runs again for its report.
            "mkdir -p build && cd build && cmake -DEXERCISM_RUN_ALL_TESTS=1 -G 'Unix Makefiles' .. && make "
                + "&& \"./$DGM_EXERCISE\" -r xml -o \"$DGM_REPORT_DIR/catch2.xml\"",
            TestReportFormat.Catch2Xml,
            Compilers,
            ["CMakeLists.txt", "**/*.cmake", "test/**", "build/**"],
            $"{HiddenTests} (the CMakeLists.txt builds <name>_test.cpp with test/catch.hpp: `mkdir -p build && cd build && cmake .. && make`)."),
        new(
            "go",
            // A job's own build cache starts as a copy of the shared one, so the standard library is not compiled per job.
            "set -o pipefail && export GOPROXY=off GOTOOLCHAIN=local && cache=$(go env GOCACHE) "
                + $"&& {{ [ -d \"$cache\" ] || [ ! -d {GoBuildCache} ] || {{ mkdir -p \"$(dirname \"$cache\")\" && cp -r {GoBuildCache} \"$cache\"; }}; }} "
                + "&& go test -json ./... | tee \"$DGM_REPORT_DIR/go-test.json\"",
            TestReportFormat.GoTestJson,
            new Dictionary<string, string> { ["go"] = "Debian golang-go" },
            ["go.mod", "go.sum", "go.work", "**/*_test.go", "vendor/**"],
            $"{HiddenTests} in a *_test.go file with `go test ./...`."),
        new(
            "java",
            // Gradle's wrapper downloads Gradle, so the tests compile with javac and run on the JUnit console launcher,
            // the exercise's build.gradle dependencies on the class path (DGM_JAVA_CLASSPATH, set per task).
            "out=$(mktemp -d) && javac -nowarn -encoding UTF-8 -d \"$out\" -cp \"$DGM_JAVA_CLASSPATH\" $(find src/main/java src/test/java -name '*.java') "
                + $"&& java -jar {JavaLauncher} --disable-banner --details=tree --fail-if-no-tests --reports-dir \"$DGM_REPORT_DIR\" --class-path \"$out:$DGM_JAVA_CLASSPATH\" --scan-class-path",
            TestReportFormat.JunitXml,
            new Dictionary<string, string>
            {
                ["javac"] = "Debian openjdk-17-jdk-headless",
                ["java"] = "Debian openjdk-17-jdk-headless",
                [JavaLauncher] = "Debian junit5",
            },
            ["build.gradle", "settings.gradle", "gradle.properties", "gradle/**", "gradlew", "gradlew.bat", "src/test/**", "**/META-INF/**", "**/junit-platform.properties"],
            $"{HiddenTests} with JUnit 5 (Gradle cannot download here: compile with javac and run org.junit.platform.console.ConsoleLauncher from {JavaLauncher})."),
        new(
            "javascript",
            // As Aider's npm-test.sh: one shared node_modules linked in, skipped tests enabled (done on the hidden tests at import).
            // Jest's own 5 s per test failed a sound exercise on a busy host; the task's 120 s limit still bounds the run.
            $"ln -sfn {JavaScriptModules} node_modules && npm run test -- --testTimeout=30000 --json --outputFile=\"$DGM_REPORT_DIR/jest.json\"",
            TestReportFormat.JestJson,
            new Dictionary<string, string>
            {
                ["node"] = "Debian nodejs",
                ["npm"] = "Debian npm",
                [JavaScriptModules] = "infra/install-test-deps.sh (the shared tool folder's javascript/node_modules)",
            },
            ["package.json", "package-lock.json", "babel.config.*", ".babelrc*", "jest.config.*", ".npmrc", "node_modules/**", "**/*.spec.js", "**/*.test.js", "**/__tests__/**"],
            $"{HiddenTests} with Jest (`ln -sfn {JavaScriptModules} node_modules && npx jest`)."),
        new(
            "python",
            "pytest -rA --tb=long -p no:cacheprovider --junitxml=\"$DGM_REPORT_DIR/pytest.xml\"",
            TestReportFormat.JunitXml,
            new Dictionary<string, string> { ["pytest"] = "Debian python3-pytest" },
            ["conftest.py", "**/conftest.py", "pytest.ini", "setup.cfg", "pyproject.toml", "tox.ini", "**/*_test.py", "**/test_*.py", "sitecustomize.py", "usercustomize.py", "**/*.pth"],
            $"{HiddenTests} with pytest."),
        new(
            "rust",
            // Cargo.toml is a solution file (for dependencies), so a manifest that changes which tests build or how they
            // run is refused before cargo starts.
            "set -o pipefail; if grep -nE '^[[:space:]]*(\\[\\[(test|bin|example|bench)\\]\\]|\\[lib\\]|\\[patch|\\[replace|\\[profile|(build|autotests|autobins|autoexamples|harness|test|path|workspace)[[:space:]]*=)' Cargo.toml; "
                + "then echo 'Cargo.toml changes how the tests are built or run; refused.' >&2; exit 1; fi && cargo test -- --include-ignored 2>&1 | tee \"$DGM_REPORT_DIR/libtest.txt\"",
            TestReportFormat.Libtest,
            new Dictionary<string, string> { ["cargo"] = "rustup (cargo), with Debian librust-*-dev crates for offline dependencies" },
            ["build.rs", ".cargo/**", "tests/**", "benches/**", "Cargo.lock", "rust-toolchain", "rust-toolchain.toml"],
            $"{HiddenTests} with `cargo test` (offline: only the crates in the Cargo.toml are available)."),
    }.ToDictionary(l => l.Language, StringComparer.Ordinal);
}
