using Dgm.Core.Archive;
using Dgm.Core.Diagnosis;
using Dgm.Core.Randomness;
using Microsoft.Extensions.AI;

namespace Dgm.Core.Tests;

public class DiagnosisTests
{
    private static readonly AgentSource Source = new([new AgentSourceFile("SUMMARY.md", "s")], []);

    private static Dictionary<DiagnosisKind, double> KindFrequencies(IReadOnlyList<TaskOutcome> outcomes, DiagnosisStyle style = DiagnosisStyle.Issues, int draws = 40_000)
    {
        var counts = new Dictionary<DiagnosisKind, int>();
        for (var i = 0; i < draws; i++)
        {
            var kind = DiagnosisEntryChooser.Choose(outcomes, style, DeterministicRandom.For(1, i, 0, "entry")).Kind;
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return Enum.GetValues<DiagnosisKind>().ToDictionary(k => k, k => counts.GetValueOrDefault(k) / (double)draws);
    }

    [Fact]
    public void Many_empty_patches_lead_to_solve_empty_patches_a_quarter_of_the_time()
    {
        // 1 of 10 tasks empty: exactly the 10% threshold.
        var outcomes = Enumerable.Range(0, 9).Select(i => Nodes.Task($"t{i}", i < 4 ? AttemptStatus.Resolved : AttemptStatus.Unresolved))
            .Append(Nodes.Task("empty", AttemptStatus.EmptyPatch)).ToList();
        var f = KindFrequencies(outcomes);
        Assert.Equal(0.25, f[DiagnosisKind.SolveEmptyPatches], 0.01);
        Assert.Equal(0.75 * 0.25, f[DiagnosisKind.SolveStochasticity], 0.01);
        Assert.Equal(0, f[DiagnosisKind.SolveContextLength]);
        Assert.Equal(0.75 * 0.75, f[DiagnosisKind.Task], 0.01);
    }

    [Fact]
    public void Below_ten_percent_empty_never_chooses_solve_empty_patches()
    {
        var outcomes = Enumerable.Range(0, 11).Select(i => Nodes.Task($"t{i}", i == 0 ? AttemptStatus.EmptyPatch : AttemptStatus.Unresolved)).ToList();
        Assert.Equal(0, KindFrequencies(outcomes)[DiagnosisKind.SolveEmptyPatches]);
    }

    [Fact]
    public void Recurring_context_errors_lead_to_solve_contextlength()
    {
        var outcomes = new[] { Nodes.Task("a", AttemptStatus.Unresolved, contextErrors: 2), Nodes.Task("b", AttemptStatus.Resolved) };
        var f = KindFrequencies(outcomes);
        Assert.Equal(0.75 * 0.25, f[DiagnosisKind.SolveContextLength], 0.01);

        var once = new[] { Nodes.Task("a", AttemptStatus.Unresolved, contextErrors: 1), Nodes.Task("b", AttemptStatus.Resolved) };
        Assert.Equal(0, KindFrequencies(once)[DiagnosisKind.SolveContextLength]);
    }

    [Fact]
    public void Task_entries_are_failed_tasks_and_a_parent_without_failures_does_not_crash()
    {
        var outcomes = new[] { Nodes.Task("ok", AttemptStatus.Resolved), Nodes.Task("bad", AttemptStatus.Unresolved) };
        for (var i = 0; i < 200; i++)
        {
            var entry = DiagnosisEntryChooser.Choose(outcomes, DiagnosisStyle.Issues, DeterministicRandom.For(0, i, 0, "entry"));
            if (entry.Kind == DiagnosisKind.Task)
            {
                Assert.Equal("bad", entry.TaskId);
            }
        }

        var perfect = new[] { Nodes.Task("ok", AttemptStatus.Resolved) };
        var chosen = DiagnosisEntryChooser.Choose(perfect, DiagnosisStyle.Issues, DeterministicRandom.For(0, 0, 0, "entry"));
        Assert.Equal("ok", chosen.TaskId);

        var none = DiagnosisEntryChooser.Choose([], DiagnosisStyle.Issues, DeterministicRandom.For(0, 0, 0, "entry"));
        Assert.Equal(new DiagnosisEntry(DiagnosisKind.SolveStochasticity, null), none);
    }

    [Fact]
    public void Exercises_diagnose_a_failed_task_asking_about_variance_a_quarter_of_the_time_and_about_its_empty_patch_otherwise()
    {
        // As the reference's Polyglot design: a task drawn from the empty and unresolved ones, then the question.
        var outcomes = new[]
        {
            Nodes.Task("ok", AttemptStatus.Resolved), Nodes.Task("empty", AttemptStatus.EmptyPatch),
            Nodes.Task("wrong", AttemptStatus.Unresolved), Nodes.Task("broken", AttemptStatus.Error),
        };
        var f = KindFrequencies(outcomes, DiagnosisStyle.Exercises);
        Assert.Equal(0.25, f[DiagnosisKind.SolveStochasticity], 0.01);
        Assert.Equal(0.75 * 0.5, f[DiagnosisKind.SolveEmptyPatches], 0.01);
        Assert.Equal(0.75 * 0.5, f[DiagnosisKind.Task], 0.01);
        Assert.Equal(0, f[DiagnosisKind.SolveContextLength]);

        var tasks = Enumerable.Range(0, 2_000).Select(i => DiagnosisEntryChooser.Choose(outcomes, DiagnosisStyle.Exercises, DeterministicRandom.For(2, i, 0, "entry")))
            .GroupBy(e => (e.Kind, e.TaskId)).Select(g => g.Key).ToHashSet();
        Assert.Contains((DiagnosisKind.SolveEmptyPatches, "empty"), tasks);
        Assert.Contains((DiagnosisKind.Task, "wrong"), tasks);
        Assert.DoesNotContain(tasks, t => t.TaskId is "ok" or "broken");
        Assert.DoesNotContain((DiagnosisKind.SolveEmptyPatches, "wrong"), tasks);

        var perfect = DiagnosisEntryChooser.Choose([Nodes.Task("ok", AttemptStatus.Resolved)], DiagnosisStyle.Exercises, DeterministicRandom.For(0, 0, 0, "entry"));
        Assert.Equal("ok", perfect.TaskId);
        Assert.Equal(new DiagnosisEntry(DiagnosisKind.SolveStochasticity, null), DiagnosisEntryChooser.Choose([], DiagnosisStyle.Exercises, DeterministicRandom.For(0, 0, 0, "entry")));
    }

    [Fact]
    public void The_agent_source_leaves_out_the_self_test_and_build_output_and_names_what_does_not_fit()
    {
        byte[] Text(int length) => System.Text.Encoding.UTF8.GetBytes(new string('x', length));
        var snapshot = new Dictionary<string, byte[]>
        {
            ["Run/AgentLoop.cs"] = Text(100), ["SUMMARY.md"] = Text(50), ["SelfTest/ToolChecks.cs"] = Text(10),
            ["obj/Generated.cs"] = Text(10), ["Tools/Big.cs"] = Text(1_000), ["DgmAgent.csproj"] = Text(20), ["icon.png"] = Text(10),
        };

        var source = AgentSource.From(snapshot, maxCharacters: 500);

        Assert.Equal(["SUMMARY.md", "DgmAgent.csproj", "Run/AgentLoop.cs"], source.Files.Select(f => f.Path));
        Assert.Equal(["Tools/Big.cs"], source.Omitted);
        var prompt = DiagnosisPrompt.Build(new DiagnosisContext { Entry = new(DiagnosisKind.Task, "t"), AgentSource = source })[1].Text;
        Assert.Contains("## Run/AgentLoop.cs\n\n```csharp\n", prompt, StringComparison.Ordinal);
        Assert.Contains("Left out for length: Tools/Big.cs", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_contains_every_part_and_clips_the_log()
    {
        var log = new string('a', 200_000) + "MIDDLE" + new string('z', 200_000);
        var messages = DiagnosisPrompt.Build(new DiagnosisContext
        {
            Entry = new DiagnosisEntry(DiagnosisKind.Task, "py-sum"),
            AgentSource = new([new AgentSourceFile("SUMMARY.md", "SUMMARY-TEXT")], []),
            LineagePatches = ["--- a/x\n+++ b/x\n+first", "+second"],
            TaskProblem = "PROBLEM-TEXT",
            AgentLog = log,
            PredictedPatch = "",
            HiddenTests = "### test_sum.py\n\ndef test_sum_of_two(): ...",
            Grade = GradeSummary.Of(new AttemptOutcome { Status = AttemptStatus.Unresolved, Error = "1 of 3 tests did not pass: test_sum_of_two", DroppedFromPatch = ["conftest.py"] }),
            TestResults = "FAILED test_sum",
        });

        Assert.Equal(ChatRole.System, messages[0].Role);
        var user = messages[1].Text;
        Assert.Contains("SUMMARY-TEXT", user, StringComparison.Ordinal);
        Assert.Contains("+first", user, StringComparison.Ordinal);
        Assert.Contains("Change 2:", user, StringComparison.Ordinal);
        Assert.Contains("PROBLEM-TEXT", user, StringComparison.Ordinal);
        Assert.Contains("(empty: the agent changed nothing)", user, StringComparison.Ordinal);
        Assert.Contains("# How the attempt was graded (recorded by the harness)\n\nUnresolved: the hidden tests did not all pass.\n"
            + "Reason recorded by the harness: 1 of 3 tests did not pass: test_sum_of_two\n"
            + "Files of the patch that grading ignored (tests, test hooks or paths the task does not let the agent change): conftest.py", user, StringComparison.Ordinal);
        Assert.True(user.IndexOf("recorded by the harness", StringComparison.Ordinal) < user.IndexOf("FAILED test_sum", StringComparison.Ordinal));
        Assert.Contains("```text\nFAILED test_sum\n```", user, StringComparison.Ordinal);
        Assert.Contains("not instructions", user, StringComparison.Ordinal);
        Assert.Contains("def test_sum_of_two", user, StringComparison.Ordinal);
        Assert.DoesNotContain("MIDDLE", user, StringComparison.Ordinal);
        Assert.Contains("characters clipped", user, StringComparison.Ordinal);
        Assert.True(user.Length < DiagnosisPrompt.MaxLogCharacters + 5_000);
        Assert.Contains("implementation_suggestion", user, StringComparison.Ordinal);
    }

    [Fact]
    public void Special_entries_change_the_question()
    {
        string Ask(DiagnosisKind kind, DiagnosisStyle style = DiagnosisStyle.Issues) =>
            DiagnosisPrompt.Build(new DiagnosisContext { Entry = new(kind, "t"), Style = style, AgentSource = Source })[1].Text;
        Assert.Contains("without changing any file", Ask(DiagnosisKind.SolveEmptyPatches), StringComparison.Ordinal);
        Assert.Contains("vary from run to run", Ask(DiagnosisKind.SolveStochasticity), StringComparison.Ordinal);
        Assert.Contains("context window", Ask(DiagnosisKind.SolveContextLength), StringComparison.Ordinal);
        Assert.Contains("must write and run its own", Ask(DiagnosisKind.SolveStochasticity, DiagnosisStyle.Exercises), StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_parses_from_a_fenced_block_or_bare_object()
    {
        const string fenced = """
            Here is my analysis.
            ```json
            {"log_summarization":"ran out of turns","potential_improvements":["a","b"],"improvement_proposal":"add str_replace",
             "implementation_suggestion":"extend Editor.cs","problem_description":"The agent rewrites whole files {often}."}
            ```
            """;
        var answer = DiagnosisAnswer.Parse(fenced);
        Assert.Equal("- a\n- b", answer.PotentialImprovements);
        Assert.Equal("The agent rewrites whole files {often}.", answer.ProblemDescription);

        var bare = DiagnosisAnswer.Parse("""Answer: {"log_summarization":"x","potential_improvements":"y","improvement_proposal":"z","implementation_suggestion":"w \" }","problem_description":"v"} thanks""");
        Assert.Equal("w \" }", bare.ImplementationSuggestion);

        var statement = answer.ChildProblemStatement();
        Assert.Contains("The agent rewrites whole files", statement, StringComparison.Ordinal);
        Assert.Contains("extend Editor.cs", statement, StringComparison.Ordinal);
        Assert.Contains("--self-test", statement, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I could not decide.", "contains no JSON object")]
    [InlineData("```json\n{\"log_summarization\": \n```", "malformed")]
    [InlineData("""{"log_summarization":"x","potential_improvements":"y","improvement_proposal":"z"}""", "lacks implementation_suggestion, problem_description")]
    [InlineData("""{"log_summarization":"x","potential_improvements":"y","improvement_proposal":"z","implementation_suggestion":"","problem_description":"v"}""", "lacks implementation_suggestion")]
    public void Malformed_answers_fail_with_a_clear_message(string text, string message)
    {
        var ex = Assert.Throws<DiagnosisFormatException>(() => DiagnosisAnswer.Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
