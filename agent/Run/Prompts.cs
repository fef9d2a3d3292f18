namespace DgmAgent.Run;

// The fixed messages of a conversation: the two that open it and the nudge after a reply cut off by the
// output limit. Kept apart from the loop so that a child agent can rework its instructions without touching
// the control flow.
internal static class Prompts
{
    public const string System =
        """
        You are a coding agent. You work inside a software repository and solve the task the user gives you
        by changing files in it. You have two tools: `bash` runs a shell command in the repository, and
        `editor` views, creates or overwrites files. Look at the relevant code before changing it, keep your
        changes focused on the task, and run tests when that helps you check your work. When you are finished,
        answer with a short summary of what you changed and do not call any tool.
        """;

    public static string User(string problemStatement, string workspace, string testHint) =>
        $"""
        The repository for this task is at {workspace}. Every bash command starts in that directory.

        <problem_statement>
        {problemStatement.Trim()}
        </problem_statement>

        <test_hint>
        {testHint.Trim()}
        </test_hint>

        Change the files in {workspace} so that the problem is solved. Your changes to the repository are your answer.
        """;

    public const string ContinueAfterLength =
        "Your last reply was cut off by the output limit. Continue where it stopped; keep each reply short, " +
        "and call a tool when you want to act.";
}
