namespace DgmAgent.SelfTest;

// `--self-test`: proves that the tools, the model client and the loop of this copy of the agent work,
// so that a child agent that broke itself is rejected before it is evaluated. Exit code 0 only if every
// check passed.
internal static class SelfTestRunner
{
    public static async Task<int> RunAsync(TextWriter output)
    {
        var checks = new CheckList(output);
        await Guard(checks, "tools", () => ToolChecks.RunAsync(checks));
        await Guard(checks, "conversation", () => ConversationChecks.RunAsync(checks));
        await Guard(checks, "failures", () => FailureChecks.RunAsync(checks));
        await Guard(checks, "context", () => ContextChecks.RunAsync(checks));
        await Guard(checks, "cli", () =>
        {
            CliChecks.Run(checks);
            return Task.CompletedTask;
        });

        output.WriteLine(checks.Failures == 0
            ? $"self-test passed: {checks.Count} checks"
            : $"self-test FAILED: {checks.Failures} of {checks.Count} checks failed");
        return checks.Failures == 0 ? 0 : 1;
    }

    // A group that throws is a failure of its own, and the other groups still run and report.
    private static async Task Guard(CheckList checks, string group, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            checks.Check($"{group}.completed", false, ex.ToString());
        }
    }
}
