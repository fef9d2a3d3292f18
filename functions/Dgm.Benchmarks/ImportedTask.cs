using Dgm.Core.Benchmarks;

namespace Dgm.Benchmarks;

/// <summary>A task read from an external layout, ready to be stored: its record and its file trees.</summary>
public sealed record ImportedTask(BenchmarkTask Task, byte[]? Workspace, byte[]? Hidden, string? HiddenPatch, string? Gold);

/// <summary>What one importer read: the suite's tasks, and a problem per task that could not be read (naming the file and field).</summary>
public sealed record ImportedSuite(string Name, string Description, IReadOnlyList<ImportedTask> Tasks, IReadOnlyList<string> Problems);
