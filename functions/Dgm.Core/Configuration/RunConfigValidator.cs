namespace Dgm.Core.Configuration;

/// <summary>The rules a well-typed configuration must also satisfy, each reported with its path and the bad value.</summary>
internal sealed class RunConfigValidator
{
    private readonly List<ConfigProblem> _problems = [];

    public static IReadOnlyList<ConfigProblem> Validate(RunConfig config)
    {
        var validator = new RunConfigValidator();
        validator.Run(config);
        return validator._problems;
    }

    private void Run(RunConfig c)
    {
        Model("models.diagnosis", c.Models.Diagnosis);
        Model("models.coding", c.Models.Coding);

        if (c.Selection.TopK is { } topK)
        {
            AtLeast("selection.topK", topK, 1);
        }

        Within("childrenPerIteration", c.ChildrenPerIteration, 1, 256);
        Within("iterations", c.Iterations, 0, 100_000);
        if (c.MaxChildrenInFlight is { } inFlight)
        {
            Within("maxChildrenInFlight", inFlight, 1, 10_000);
            if (c.Loop != LoopKind.Steady)
            {
                Add("maxChildrenInFlight", $"maxChildrenInFlight ({inFlight}) applies to \"loop\": \"steady\" only; a generation runs childrenPerIteration children at once");
            }
        }

        Within("attempts", c.Attempts, 1, 100);
        Within("maxParallelJobs", c.MaxParallelJobs, 1, 10_000);

        if (c.Stages.Count == 0)
        {
            Add("stages", "stages must list at least one stage, got []");
        }

        for (var i = 0; i < c.Stages.Count; i++)
        {
            var stage = c.Stages[i];
            var path = $"stages[{i}]";
            AtLeast($"{path}.tasks", stage.Tasks, 1);
            if (stage.TaskIds is { } ids && ids.Count != stage.Tasks)
            {
                Add($"{path}.taskIds", $"{path}.taskIds lists {ids.Count} task(s) but {path}.tasks is {stage.Tasks}; they must agree");
            }
            if (stage.MinResolvedFraction is { } fraction)
            {
                Within($"{path}.minResolvedFraction", fraction, 0, 1);
            }

            Within($"{path}.floor", stage.Floor, 0, 1);
            if (i == 0 && stage.HasGate)
            {
                Add($"{path}", $"{path} is the first stage and cannot have a gate (minResolvedFraction or aboveSecondBest)");
            }
        }

        Within("admission.noiseLeeway", c.Admission.NoiseLeeway, 0, 1);

        Positive("budget.dollars", (double)c.Budget.Dollars);
        Positive("budget.tokens", c.Budget.Tokens);
        Positive("budget.sandboxSeconds", c.Budget.SandboxSeconds);
        Positive("budget.wallTimeMinutes", c.Budget.WallTimeMinutes);

        var s = c.Sandbox;
        AtLeast("sandbox.wallSeconds.selfModify", s.WallSeconds.SelfModify, 1);
        AtLeast("sandbox.wallSeconds.build", s.WallSeconds.Build, 1);
        AtLeast("sandbox.wallSeconds.solve", s.WallSeconds.Solve, 1);
        AtLeast("sandbox.wallSeconds.grade", s.WallSeconds.Grade, 1);
        Within("sandbox.memoryMb", s.MemoryMb, 256, 1_048_576);
        Within("sandbox.processes", s.Processes, 8, 1_000_000);
        Within("sandbox.diskMb", s.DiskMb, 16, 10_485_760);
        Within("sandbox.cpus", s.Cpus, 0.1, 64);
        if (s.CpuSeconds is { } cpuSeconds)
        {
            Positive("sandbox.cpuSeconds", cpuSeconds);
        }

        Within("sandbox.outputBytes", s.OutputBytes, 1024, 1 << 30);
        Within("sandbox.pollSeconds", s.PollSeconds, 0.05, 600);
        NotNegative("sandbox.prices.vcpuSecond", (double)s.Prices.VcpuSecond);
        NotNegative("sandbox.prices.gbSecond", (double)s.Prices.GbSecond);

        NotBlank("benchmark.suite", c.Benchmark.Suite);
        NotBlank("benchmark.split", c.Benchmark.Split);
        if (c.HeldOut is { } heldOut)
        {
            HeldOut(heldOut, c.Stages);
        }

        NotNegative("seed", c.Seed);
        Positive("approval.timeoutMinutes", c.Approval.TimeoutMinutes);
        if (c.AgentMaxTurns is { } turns)
        {
            Positive("agentMaxTurns", turns);
        }
    }

    private void HeldOut(HeldOutSettings heldOut, IReadOnlyList<StageSpec> stages)
    {
        switch (heldOut)
        {
            case { Tasks: null, TaskIds: null }:
                Add("heldOut", "heldOut must give tasks (how many to hold out) or taskIds (which)");
                return;
            case { Tasks: { } count }:
                AtLeast("heldOut.tasks", count, 1);
                break;
        }

        if (heldOut.TaskIds is not { } ids)
        {
            return;
        }

        if (ids.Count == 0)
        {
            Add("heldOut.taskIds", "heldOut.taskIds must list at least one task, got []");
        }
        else if (heldOut.Tasks is { } tasks && tasks != ids.Count)
        {
            Add("heldOut.taskIds", $"heldOut.taskIds lists {ids.Count} task(s) but heldOut.tasks is {tasks}; they must agree");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                Add("heldOut.taskIds", $"heldOut.taskIds must not list an empty id, got {Quote(id)}");
            }
            else if (!seen.Add(id))
            {
                Add("heldOut.taskIds", $"heldOut.taskIds lists '{id}' twice");
            }
            else if (stages.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.TaskIds?.Contains(id, StringComparer.Ordinal) == true) is { s: not null } pinned)
            {
                Add("heldOut.taskIds", $"heldOut.taskIds: '{id}' is also in stages[{pinned.i}].taskIds; a held-out task must never be one the run trains on");
            }
        }
    }

    private void Model(string path, ModelSpec model)
    {
        NotBlank($"{path}.name", model.Name);
        NotNegative($"{path}.inputPricePerMillion", (double)model.InputPricePerMillion);
        NotNegative($"{path}.outputPricePerMillion", (double)model.OutputPricePerMillion);
        if (model.TokenBudgetPerJob is { } tokenBudget)
        {
            Positive($"{path}.tokenBudgetPerJob", tokenBudget);
        }

        if (model.MaxOutputTokens is { } maxOutput)
        {
            Positive($"{path}.maxOutputTokens", maxOutput);
        }
        switch (model.Provider)
        {
            case ModelProvider.Replay when string.IsNullOrWhiteSpace(model.Cassette):
                Add($"{path}.cassette", $"{path}.cassette is required when {path}.provider is replay");
                break;
            case ModelProvider.OpenAICompatible or ModelProvider.AzureOpenAI when !Uri.TryCreate(model.Endpoint, UriKind.Absolute, out _):
                Add($"{path}.endpoint", $"{path}.endpoint must be an absolute URL for this provider, got {Quote(model.Endpoint)}");
                break;
        }
    }

    private void Within(string path, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            Add(path, $"{path} must be within [{min},{max}], got {value}");
        }
    }

    private void AtLeast(string path, double value, double min)
    {
        if (!(value >= min))
        {
            Add(path, $"{path} must be at least {min}, got {value}");
        }
    }

    private void Positive(string path, double value)
    {
        if (!(value > 0))
        {
            Add(path, $"{path} must be greater than 0, got {value}");
        }
    }

    private void NotNegative(string path, double value)
    {
        if (!(value >= 0))
        {
            Add(path, $"{path} must not be negative, got {value}");
        }
    }

    private void NotBlank(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, $"{path} must not be empty, got {Quote(value)}");
        }
    }

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";

    private void Add(string path, string message) => _problems.Add(new ConfigProblem(path, message));
}
