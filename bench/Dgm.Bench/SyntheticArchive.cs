using Dgm.Core.Archive;
using Dgm.Core.Randomness;

namespace Dgm.Bench;

/// <summary>
/// Archives shaped like a long run: every node graded on the paper's first two stages (10 + 50 tasks over six
/// languages, one attempt each) and a child of one of the <see cref="Window"/> newest nodes, so lineages run deep.
/// A child's skill drifts from its parent's. Seeded, so every benchmark run grades the same archive.
/// </summary>
internal static class SyntheticArchive
{
    public const int Window = 10;

    private static readonly string[] Languages = ["python", "javascript", "go", "rust", "cpp", "java"];

    public static IReadOnlyList<ArchiveNode> Nodes(int count, ulong seed = 14)
    {
        var random = new DeterministicRandom(seed);
        var nodes = new List<ArchiveNode>(count);
        var skills = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var parent = i == 0 ? -1 : i - 1 - random.NextInt(Math.Min(i, Window));
            var skill = parent < 0 ? 0.3 : Math.Clamp(skills[parent] + 0.05 * random.NextGaussian(), 0.05, 0.95);
            skills.Add(skill);
            nodes.Add(new ArchiveNode
            {
                Id = i == 0 ? ArchiveNode.SeedId : $"n{i}",
                ParentId = parent < 0 ? null : nodes[parent].Id,
                Status = parent < 0 ? NodeStatus.Seed : NodeStatus.Admitted,
                Stages = [Stage(0, 0, 10, skill, random), Stage(1, 10, 50, skill, random)],
            });
        }

        return nodes;
    }

    private static StageResult Stage(int stage, int first, int tasks, double skill, DeterministicRandom random) => new()
    {
        Stage = stage,
        Tasks = Enumerable.Range(first, tasks).Select(t => new TaskOutcome
        {
            TaskId = $"t{t}",
            Language = Languages[t % Languages.Length],
            Attempts = [new AttemptOutcome { Status = Grade(skill, random) }],
        }).ToList(),
    };

    private static AttemptStatus Grade(double skill, DeterministicRandom random) => random.NextDouble() switch
    {
        var r when r < skill => AttemptStatus.Resolved,
        var r when r < skill + 0.1 => AttemptStatus.EmptyPatch,
        var r when r < skill + 0.12 => AttemptStatus.Error,
        _ => AttemptStatus.Unresolved,
    };
}
