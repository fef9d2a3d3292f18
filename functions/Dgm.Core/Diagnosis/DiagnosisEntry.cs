using System.Text.Json.Serialization;

namespace Dgm.Core.Diagnosis;

public enum DiagnosisKind
{
    /// <summary>Diagnose one failed task.</summary>
    Task,

    /// <summary>The agent too often leaves no patch at all.</summary>
    SolveEmptyPatches,

    /// <summary>The agent's results vary from run to run; make it robust (e.g. several attempts and a choice).</summary>
    SolveStochasticity,

    /// <summary>The agent keeps overflowing the model's context window.</summary>
    [JsonStringEnumMemberName("solve_contextlength")]
    SolveContextLength,
}

/// <summary>What a parent's diagnosis looks at: a kind, and the task whose log illustrates it (when there is one).</summary>
public sealed record DiagnosisEntry(DiagnosisKind Kind, string? TaskId)
{
    public override string ToString() => Kind == DiagnosisKind.Task ? TaskId ?? "task" : $"{Kind}{(TaskId is null ? "" : $" ({TaskId})")}";
}
