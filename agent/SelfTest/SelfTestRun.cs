using DgmAgent.Model;
using DgmAgent.Run;

namespace DgmAgent.SelfTest;

// A throwaway workspace, problem file and transcript for one self-test run, and a way to start the
// agent on them exactly as Program would, only with short retry delays.
internal sealed class SelfTestRun : IDisposable
{
    public const string Token = "selftest-token";
    public const string ModelName = "selftest-model";
    public const int MaxTokens = 1234;
    public const string Problem = "The second line of notes.txt must read 'line two fixed'.";
    public const string TestHint = "grep -x 'line two fixed' notes.txt";

    // Ten milliseconds instead of a second: the self-test checks that retries happen, not how long they wait.
    private static readonly RetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));

    public SelfTestRun()
    {
        Root = Path.Combine(Path.GetTempPath(), $"dgm-selftest-{Guid.NewGuid():N}");
        Workspace = Path.Combine(Root, "workspace");
        Directory.CreateDirectory(Workspace);
        ProblemFile = Path.Combine(Root, "problem.md");
        File.WriteAllText(ProblemFile, Problem);
        TranscriptFile = Path.Combine(Root, "transcript.md");
    }

    public string Root { get; }

    public string Workspace { get; }

    public string ProblemFile { get; }

    public string TranscriptFile { get; }

    public string Transcript => File.Exists(TranscriptFile) ? File.ReadAllText(TranscriptFile) : "";

    public Task<RunOutcome> RunAsync(string modelUrl, int maxTurns = 10) => AgentRun.ExecuteAsync(
        new AgentOptions(Workspace, ProblemFile, TestHint, TranscriptFile, maxTurns, MaxTokens),
        new ModelSettings(modelUrl, Token, ModelName),
        FastRetry,
        TextWriter.Null);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
