using System.Text;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Benchmarks;
using Dgm.Core.Budget;
using Dgm.Core.Diagnosis;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Jobs.Archives;
using Dgm.Workflow.Runs;
using Microsoft.DurableTask;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Dgm.Workflow.Activities;

/// <summary>
/// The outer-loop diagnosis: show the diagnosis model the parent's source, lineage and one task's log and hidden tests, parse its
/// proposal and store the child's problem statement. The call is reserved against the budget first and goes through
/// the same metered pipeline as every agent call. A problem statement stored by an interrupted earlier attempt is reused.
/// </summary>
public sealed class DiagnoseActivity(RunCatalog catalog, RunStore runs, IArtifactStore store, IChatClientProvider models, WorkflowOptions options, ILogger<DiagnoseActivity> logger)
    : TaskActivity<DiagnoseInput, Diagnosed>
{
    public override async Task<Diagnosed> RunAsync(TaskActivityContext context, DiagnoseInput input)
    {
        var plan = input.Plan;
        var problemKey = ArtifactKeys.Problem(input.RunId, plan.ChildId);
        if (await store.ExistsAsync(problemKey))
        {
            return new Diagnosed(problemKey, null, BudgetExhausted: false);
        }

        var config = await catalog.ConfigAsync(input.RunId);
        var model = config.Models.Diagnosis;
        var reservation = $"{plan.ChildId}-diagnose";
        var costs = new CostModel(config);
        var (reserved, refusal) = await runs.UpdateLedgerAsync(input.RunId, ledger =>
            ledger.TryReserve(reservation, remaining => CostModel.ModelCallCeiling(model, costs.JobTokenBudget(model, remaining))));
        if (refusal is not null)
        {
            logger.LogWarning("Budget refused the diagnosis of child {ChildId} in run {RunId}: {Reason}", plan.ChildId, input.RunId, refusal.Message);
            return new Diagnosed(null, refusal.Message, BudgetExhausted: true);
        }

        var scope = new ModelCallScope
        {
            RunId = input.RunId,
            NodeId = plan.ChildId,
            Purpose = ModelPurpose.Diagnose,
            JobId = reservation,
            TokenBudget = reserved.Tokens,
        };
        try
        {
            var messages = DiagnosisPrompt.Build(await ContextAsync(input.RunId, plan));
            string? lastError = null;
            for (var attempt = 0; attempt < options.DiagnosisAttempts; attempt++)
            {
                try
                {
                    var response = await models.Get(model).GetResponseAsync(messages, scope.ApplyTo(null));
                    var answer = DiagnosisAnswer.Parse(response.Text);
                    await store.PutAsync(problemKey, Encoding.UTF8.GetBytes(answer.ChildProblemStatement()));
                    logger.LogInformation("Diagnosed child {ChildId} of {ParentId} in run {RunId} ({Entry})", plan.ChildId, plan.ParentId, input.RunId, plan.Entry.Kind);
                    return new Diagnosed(problemKey, null, BudgetExhausted: false);
                }
                catch (DiagnosisFormatException ex)
                {
                    logger.LogWarning("Diagnosis answer {Attempt} for child {ChildId} in run {RunId} was unusable: {Reason}", attempt + 1, plan.ChildId, input.RunId, ex.Message);
                    lastError = ex.Message;
                }
            }

            return new Diagnosed(null, $"no usable answer after {options.DiagnosisAttempts} attempts: {lastError}", BudgetExhausted: false);
        }
        catch (ModelRequestRejectedException ex)
        {
            logger.LogError("The diagnosis model rejected the request for child {ChildId} in run {RunId}: {Reason}", plan.ChildId, input.RunId, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is ModelUnavailableException or TokenBudgetExceededException or ContextLengthExceededException or InvalidDataException)
        {
            logger.LogWarning("Diagnosis of child {ChildId} in run {RunId} failed: {Reason}", plan.ChildId, input.RunId, ex.Message);
            return new Diagnosed(null, ex.Message, BudgetExhausted: false);
        }
        finally
        {
            var usage = await MeteredChatClient.ReadUsageAsync(store, scope);
            await runs.UpdateLedgerAsync(input.RunId, ledger =>
            {
                ledger.Settle(reservation, SpendKind.Diagnosis, new Spend(usage.Dollars, usage.TotalTokens, 0));
                return true;
            });
        }
    }

    private async Task<DiagnosisContext> ContextAsync(string runId, ChildPlan plan)
    {
        var archive = await runs.ArchiveAsync(runId);
        IReadOnlyDictionary<string, byte[]> snapshot;
        try
        {
            snapshot = TarExtractor.ReadFiles((await store.GetAsync(ArtifactKeys.Snapshot(plan.ParentSnapshot)))!.Content);
        }
        catch (InvalidDataException ex)
        {
            // A parent whose snapshot cannot be read safely yields a rejected child with the reason, never a failed run.
            throw new InvalidDataException($"The parent's snapshot {plan.ParentSnapshot} cannot be read: {ex.Message}", ex);
        }

        var lineage = new List<string>();
        foreach (var node in archive.Lineage(plan.ParentId).Where(n => n.ParentId is not null))
        {
            if (await TextAsync(ArtifactKeys.Patch(runId, node.Id)) is { } patch)
            {
                lineage.Add(patch);
            }
        }

        var taskId = plan.Entry.TaskId;
        var attempt = taskId is null ? null : (await runs.GetNodeAsync(runId, plan.ParentId)).Outcomes.FirstOrDefault(t => t.TaskId == taskId)?.Attempts
            .OrderBy(a => a.Status == AttemptStatus.Resolved)
            .FirstOrDefault();
        var suite = await catalog.SuiteAsync(runId);
        var task = taskId is null ? null : suite.Task(taskId);
        return new DiagnosisContext
        {
            Entry = plan.Entry,
            Style = DiagnosisStyles.Of(suite),
            AgentSource = AgentSource.From(snapshot),
            LineagePatches = lineage,
            TaskProblem = task?.ProblemStatement,
            AgentLog = await TextAsync(attempt?.TranscriptKey),
            PredictedPatch = await TextAsync(attempt?.PatchKey),
            HiddenTests = task is null ? null : await HiddenTestsAsync(suite.Name, task),
            Grade = attempt is null ? null : GradeSummary.Of(attempt),
            TestResults = await TextAsync(attempt?.TestOutputKey),
        };
    }

    /// <summary>The task's hidden tests as text: the test patch, or each test file under its path.</summary>
    private async Task<string?> HiddenTestsAsync(string suite, BenchmarkTask task)
    {
        switch (task.HiddenTests)
        {
            case HiddenTestsFormat.Patch:
                return await TextAsync(SuiteLayout.HiddenPatch(suite, task.Id));
            case HiddenTestsFormat.Files when await store.GetAsync(SuiteLayout.Hidden(suite, task.Id)) is { } archive:
                var text = new StringBuilder();
                foreach (var (path, content) in TarExtractor.ReadFiles(archive.Content).OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    // Fixtures such as images say nothing to a reader; test sources are what the diagnosis needs.
                    if (!content.AsSpan().Contains((byte)0))
                    {
                        text.Append("### ").Append(path).Append("\n\n").Append(Encoding.UTF8.GetString(content).TrimEnd()).Append("\n\n");
                    }
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private async Task<string?> TextAsync(string? key) =>
        key is not null && await store.GetAsync(key) is { } stored ? Encoding.UTF8.GetString(stored.Content) : null;
}
