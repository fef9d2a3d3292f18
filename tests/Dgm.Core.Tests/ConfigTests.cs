using Dgm.Core.Configuration;

namespace Dgm.Core.Tests;

public class ConfigTests
{
    private static RunConfigException Fails(string json, params KeyValuePair<string, string>[] overrides) =>
        Assert.Throws<RunConfigException>(() => RunConfigLoader.Load(json, "run.json", overrides));

    private static void AssertProblem(RunConfigException ex, string path, string messagePart)
    {
        var problem = Assert.Single(ex.Problems, p => p.Path == path);
        Assert.Contains(messagePart, problem.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_document_gives_the_paper_defaults()
    {
        var config = RunConfigLoader.Load("{}", "run.json");
        Assert.Equal(SelectionPolicy.ScoreChildProp, config.Selection.Policy);
        Assert.Equal(2, config.ChildrenPerIteration);
        Assert.Equal([10, 50, 140], config.Stages.Select(s => s.Tasks));
        Assert.Equal(0.4, config.Stages[1].MinResolvedFraction);
        Assert.True(config.Stages[2].AboveSecondBest);
        Assert.Equal(AdmissionRule.KeepAll, config.Admission.Rule);
        Assert.Equal(ModelProvider.Replay, config.Models.Coding.Provider);
        // Unset token budgets are derived from what the run has left when each job is reserved.
        Assert.Null(config.Models.Coding.TokenBudgetPerJob);
        Assert.Null(config.Models.Diagnosis.TokenBudgetPerJob);
        Assert.Null(config.AgentMaxTurns);
    }

    [Fact]
    public void A_full_document_round_trips()
    {
        var json = """
        {
          "models": {
            "diagnosis": { "provider": "azure_openai", "name": "o3", "endpoint": "https://x.openai.azure.com/", "inputPricePerMillion": 2, "outputPricePerMillion": 8 },
            "coding": { "provider": "openai_compatible", "name": "qwen", "endpoint": "http://localhost:11434/v1" }
          },
          "selection": { "policy": "hgm" },
          "childrenPerIteration": 4,
          "iterations": 12,
          "stages": [ { "tasks": 6 }, { "tasks": 12, "minResolvedFraction": 0.5 }, { "tasks": 30, "aboveSecondBest": true, "floor": 0.3 } ],
          "attempts": 3,
          "admission": { "rule": "keep_better", "noiseLeeway": 0.05 },
          "budget": { "dollars": 12.5, "tokens": 1000000, "sandboxSeconds": 3600, "wallTimeMinutes": 90 },
          "sandbox": { "kind": "docker", "memoryMb": 2048, "wallSeconds": { "solve": 300 } },
          "benchmark": { "suite": "polyglot", "split": "s1" },
          "seed": 42,
          "approval": { "required": true, "timeoutMinutes": 5 }
        }
        """;
        var config = RunConfigLoader.Load(json, "run.json");
        Assert.Equal(ModelProvider.AzureOpenAI, config.Models.Diagnosis.Provider);
        Assert.Equal(ModelProvider.OpenAICompatible, config.Models.Coding.Provider);
        Assert.Equal(SelectionPolicy.Hgm, config.Selection.Policy);
        Assert.Equal(300, config.Sandbox.WallSeconds.Solve);
        Assert.Equal(SandboxKind.Docker, config.Sandbox.Kind);
        Assert.Equal(600, config.Sandbox.WallSeconds.Build);
        Assert.Equal(12.5m, config.Budget.Dollars);

        var again = RunConfigLoader.Load(RunConfigLoader.ToJson(config), "again.json");
        Assert.Equal(RunConfigLoader.ToJson(config), RunConfigLoader.ToJson(again));
        Assert.Contains("\"keep_better\"", RunConfigLoader.ToJson(config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"stages":[{"tasks":10},{"tasks":5,"minResolvedFraction":1.5}]}""", "stages[1].minResolvedFraction", "must be within [0,1], got 1.5")]
    [InlineData("""{"stages":[{"tasks":0}]}""", "stages[0].tasks", "must be at least 1, got 0")]
    [InlineData("""{"stages":[{"tasks":3,"minResolvedFraction":0.2}]}""", "stages[0]", "cannot have a gate")]
    [InlineData("""{"stages":[]}""", "stages", "at least one stage")]
    [InlineData("""{"childrenPerIteration":0}""", "childrenPerIteration", "got 0")]
    [InlineData("""{"iterations":-3}""", "iterations", "got -3")]
    [InlineData("""{"iterations":100001}""", "iterations", "got 100001")]
    [InlineData("""{"attempts":0}""", "attempts", "got 0")]
    [InlineData("""{"loop":"async"}""", "loop", "must be one of \"generations\", \"steady\", got \"async\"")]
    [InlineData("""{"loop":"steady","maxChildrenInFlight":0}""", "maxChildrenInFlight", "got 0")]
    [InlineData("""{"maxChildrenInFlight":8}""", "maxChildrenInFlight", "applies to \"loop\": \"steady\" only")]
    [InlineData("""{"sandbox":{"kind":"podman"}}""", "sandbox.kind", "must be one of \"auto\", \"bubblewrap\", \"unshare\", \"docker\", got \"podman\"")]
    [InlineData("""{"selection":{"policy":"fittest"}}""", "selection.policy", "must be one of \"score_child_prop\", \"score_prop\", \"random\", \"best\", \"hgm\", \"no_darwin\", \"no_selfimprove\", got \"fittest\"")]
    [InlineData("""{"selection":{"topK":0}}""", "selection.topK", "got 0")]
    [InlineData("""{"admission":{"rule":"keep_some"}}""", "admission.rule", "got \"keep_some\"")]
    [InlineData("""{"admission":{"noiseLeeway":2}}""", "admission.noiseLeeway", "got 2")]
    [InlineData("""{"budget":{"dollars":0}}""", "budget.dollars", "greater than 0, got 0")]
    [InlineData("""{"budget":{"tokens":"many"}}""", "budget.tokens", "must be an integer, got \"many\"")]
    [InlineData("""{"budget":{"sandboxSeconds":-1}}""", "budget.sandboxSeconds", "got -1")]
    [InlineData("""{"budget":{"wallTimeMinutes":0}}""", "budget.wallTimeMinutes", "got 0")]
    [InlineData("""{"sandbox":{"memoryMb":64}}""", "sandbox.memoryMb", "within [256,1048576], got 64")]
    [InlineData("""{"sandbox":{"processes":2}}""", "sandbox.processes", "got 2")]
    [InlineData("""{"sandbox":{"diskMb":1}}""", "sandbox.diskMb", "got 1")]
    [InlineData("""{"sandbox":{"wallSeconds":{"grade":0}}}""", "sandbox.wallSeconds.grade", "got 0")]
    [InlineData("""{"sandbox":{"prices":{"gbSecond":-0.1}}}""", "sandbox.prices.gbSecond", "must not be negative")]
    [InlineData("""{"benchmark":{"suite":""}}""", "benchmark.suite", "must not be empty")]
    [InlineData("""{"seed":-1}""", "seed", "got -1")]
    [InlineData("""{"seed":1.5}""", "seed", "must be an integer, got 1.5")]
    [InlineData("""{"approval":{"required":"yes"}}""", "approval.required", "must be true or false")]
    [InlineData("""{"models":{"coding":{"provider":"openai_compatible"}}}""", "models.coding.endpoint", "must be an absolute URL")]
    [InlineData("""{"models":{"diagnosis":{"provider":"replay","cassette":null}}}""", "models.diagnosis.cassette", "required")]
    [InlineData("""{"models":{"diagnosis":{"outputPricePerMillion":-2}}}""", "models.diagnosis.outputPricePerMillion", "got -2")]
    [InlineData("""{"models":{"diagnosis":{"name":null}}}""", "models.diagnosis.name", "must not be null")]
    [InlineData("""{"sandbox":"big"}""", "sandbox", "must be an object, got \"big\"")]
    [InlineData("""{"stages":{"tasks":3}}""", "stages", "must be an array")]
    [InlineData("""{"stages":[{"tasks":3,"gate":0.4}]}""", "stages[0].gate", "is not a known field")]
    [InlineData("""{"selection":{"policy":"hgm","temperature":1}}""", "selection.temperature", "is not a known field")]
    public void Each_invalid_field_is_reported_with_its_path_and_value(string json, string path, string message) =>
        AssertProblem(Fails(json), path, message);

    [Fact]
    public void Shape_and_value_problems_are_reported_together_in_one_pass()
    {
        var ex = Fails("""{"iterations": -1, "selection": {"policy": "bestest"}, "stages": [{"tasks": 10, "minResolvedFraction": 1.5}], "foo": 1}""");
        Assert.Equal(
            ["selection.policy", "foo", "iterations", "stages[0].minResolvedFraction", "stages[0]"],
            ex.Problems.Select(p => p.Path));
        Assert.StartsWith("run.json has 5 problems:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("stages[0].minResolvedFraction must be within [0,1], got 1.5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("iterations must be within [0,100000], got -1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("selection.policy must be one of", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_with_mistakes_of_every_kind_reports_them_all_with_their_paths()
    {
        var ex = Fails(
            """
            {
              "iterations": -1,
              "childrenPerIteration": "two",
              "unknownTop": 1,
              "selection": { "policy": "bestest", "topK": 0 },
              "models": {
                "coding": { "provider": "openai_compatible", "endpoint": 42, "outputPricePerMillion": -2 },
                "diagnosis": { "name": null, "tokenBudgetPerJob": 0 }
              },
              "stages": [
                { "tasks": 10 },
                7,
                { "tasks": "many", "minResolvedFraction": 1.5, "gate": 0.4 },
                null
              ],
              "budget": { "dollars": -1, "tokens": 1.5 },
              "sandbox": "big",
              "admission": [],
              "benchmark": { "suite": "" }
            }
            """,
            new KeyValuePair<string, string>("stages[9].tasks", "1"),
            new KeyValuePair<string, string>("attempts", "zero"),
            new KeyValuePair<string, string>("seed", "-4"));

        (string Path, string Message)[] expected =
        [
            ("stages[9].tasks", "override 'stages[9].tasks' names an array element that does not exist"),
            ("iterations", "iterations must be within [0,100000], got -1"),
            ("childrenPerIteration", "childrenPerIteration must be an integer, got \"two\""),
            ("unknownTop", "unknownTop is not a known field"),
            ("selection.policy", "selection.policy must be one of \"score_child_prop\""),
            ("models.coding.endpoint", "models.coding.endpoint must be a string, got 42"),
            ("models.diagnosis.name", "models.diagnosis.name must not be null"),
            ("stages[1]", "stages[1] must be an object, got 7"),
            ("stages[2].tasks", "stages[2].tasks must be an integer, got \"many\""),
            ("stages[2].gate", "stages[2].gate is not a known field"),
            ("stages[3]", "stages[3] must not be null"),
            ("budget.tokens", "budget.tokens must be an integer, got 1.5"),
            ("sandbox", "sandbox must be an object, got \"big\""),
            ("admission", "admission must be an object, got []"),
            ("attempts", "attempts must be an integer, got \"zero\""),
            ("selection.topK", "selection.topK must be at least 1, got 0"),
            ("models.coding.outputPricePerMillion", "models.coding.outputPricePerMillion must not be negative, got -2"),
            ("models.diagnosis.tokenBudgetPerJob", "models.diagnosis.tokenBudgetPerJob must be greater than 0, got 0"),
            ("stages[2].minResolvedFraction", "stages[2].minResolvedFraction must be within [0,1], got 1.5"),
            ("budget.dollars", "budget.dollars must be greater than 0, got -1"),
            ("benchmark.suite", "benchmark.suite must not be empty, got \"\""),
            ("seed", "seed must not be negative, got -4"),
        ];
        // Each path once: a rule is not reported again where the shape was already wrong (models.coding.endpoint).
        Assert.Equal(expected.Select(e => e.Path).Order(StringComparer.Ordinal), ex.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        foreach (var (path, message) in expected)
        {
            Assert.StartsWith(message, ex.Problems.Single(p => p.Path == path).Message, StringComparison.Ordinal);
        }

        Assert.StartsWith($"run.json has {expected.Length} problems:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_are_checked_when_only_the_rules_are_broken()
    {
        var rules = Fails("""{"iterations":-1,"stages":[{"tasks":10},{"tasks":5,"minResolvedFraction":1.5}],"budget":{"dollars":-1}}""");
        Assert.Equal(["iterations", "stages[1].minResolvedFraction", "budget.dollars"], rules.Problems.Select(p => p.Path));
        Assert.StartsWith("run.json has 3 problems:", rules.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_an_object_is_one_problem()
    {
        var ex = Fails("[1, 2]");
        Assert.Equal("the document must be an object, got [1,2]", Assert.Single(ex.Problems).Message);
    }

    [Fact]
    public void Malformed_json_names_the_source()
    {
        var ex = Fails("{ \"iterations\": ");
        Assert.StartsWith("run.json has 1 problem:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_set_values_by_path_and_are_validated_like_the_document()
    {
        var config = RunConfigLoader.Load("""{"stages":[{"tasks":4},{"tasks":8,"minResolvedFraction":0.5}]}""", "run.json",
        [
            new("iterations", "3"),
            new("selection.policy", "hgm"),
            new("stages[1].tasks", "9"),
            new("benchmark.suite", "mine"),
        ]);
        Assert.Equal(3, config.Iterations);
        Assert.Equal(SelectionPolicy.Hgm, config.Selection.Policy);
        Assert.Equal(9, config.Stages[1].Tasks);
        Assert.Equal("mine", config.Benchmark.Suite);

        AssertProblem(Fails("{}", new KeyValuePair<string, string>("stages[5].tasks", "1")), "stages[5].tasks", "does not exist");
        AssertProblem(Fails("{}", new KeyValuePair<string, string>("attempts", "zero")), "attempts", "must be an integer, got \"zero\"");
    }

    [Fact]
    public void A_document_laid_over_defaults_merges_objects_and_replaces_arrays()
    {
        var defaults = System.Text.Json.Nodes.JsonNode.Parse("""{"models":{"coding":{"provider":"openai_compatible","endpoint":"http://h/v1","name":"m"}},"stages":[{"tasks":1},{"tasks":2,"minResolvedFraction":0.5}],"iterations":9}""")!.AsObject();
        var config = RunConfigLoader.Load("""{"models":{"coding":{"name":"other"}},"stages":[{"tasks":4}]}""", "post", defaults: defaults);
        Assert.Equal(ModelProvider.OpenAICompatible, config.Models.Coding.Provider);
        Assert.Equal("other", config.Models.Coding.Name);
        Assert.Equal([4], config.Stages.Select(s => s.Tasks));
        Assert.Equal(9, config.Iterations);

        // A request body is laid over the host's defaults and checked in the same single pass.
        var body = Assert.Throws<RunConfigException>(() =>
            RunConfigLoader.Load("""{"iterations":-1,"selection":{"policy":"bestest"},"models":{"coding":{"endpoint":"nowhere"}}}""", "the request body", defaults: defaults));
        Assert.Equal(["selection.policy", "models.coding.endpoint", "iterations"], body.Problems.Select(p => p.Path));
    }
}
