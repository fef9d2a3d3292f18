using Dgm.Core.Archive;

namespace Dgm.Core.Tests;

/// <summary>Builds archive nodes with given grades for tests.</summary>
internal static class Nodes
{
    /// <summary>An archive of <paramref name="nodes"/>, in the order given, as a run's archive holds them.</summary>
    public static AgentArchive Archive(params ArchiveNode[] nodes) => new(nodes.Select(ArchiveEntry.Of));

    public static ArchiveNode Evaluated(string id, string? parent, int resolved, int total, string language = "python") =>
        new()
        {
            Id = id,
            ParentId = parent,
            Status = parent is null ? NodeStatus.Seed : NodeStatus.Admitted,
            Stages = [new StageResult { Stage = 0, Tasks = Tasks(resolved, total, language) }],
        };

    public static IReadOnlyList<TaskOutcome> Tasks(int resolved, int total, string language = "python") =>
        Enumerable.Range(0, total)
            .Select(i => Task($"t{i}", i < resolved ? AttemptStatus.Resolved : AttemptStatus.Unresolved, language))
            .ToList();

    public static TaskOutcome Task(string id, AttemptStatus status, string language = "python", int contextErrors = 0) =>
        new() { TaskId = id, Language = language, Attempts = [new AttemptOutcome { Status = status, ContextLengthErrors = contextErrors }] };

    public static TaskOutcome Task(string id, string language, params AttemptStatus[] attempts) =>
        new() { TaskId = id, Language = language, Attempts = attempts.Select(s => new AttemptOutcome { Status = s }).ToList() };
}
