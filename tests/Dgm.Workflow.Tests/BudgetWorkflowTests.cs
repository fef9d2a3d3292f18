using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Dgm.Core;
using Dgm.Core.Archive;
using Dgm.Core.Artifacts;
using Dgm.Core.Budget;
using Dgm.Core.Gateway;
using Dgm.Core.Models;
using Dgm.Core.Runs;
using Dgm.Jobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dgm.Workflow.Tests;

/// <summary>How the run's budget bounds its jobs: derived token budgets, and what a resumed run charges for the jobs its predecessor left.</summary>
public sealed class BudgetWorkflowTests : IAsyncLifetime
{
    private WorkflowHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_self_modification_of_fifty_turns_and_half_a_million_tokens_completes_under_the_derived_budget()
    {
        const int Turns = 50;
        var config = WorkflowHost.Config(iterations: 1);
        Assert.Null(config.Models.Coding.TokenBudgetPerJob);
        var statuses = new ConcurrentBag<int>();
        var gateway = new ModelGateway(
            _host.Host.Services.GetRequiredService<GatewayTokens>(),
            (_, _) => Task.FromResult<IChatClient?>(new MeteredChatClient(new TenThousandTokenTurns(), _host.Store, config.Models.Coding)),
            TimeProvider.System,
            NullLogger<ModelGateway>.Instance);
        // The self-modifying agent calls the model through the gateway with its job's token, one turn after another.
        _host.Sandbox.Run = async job =>
        {
            if (job.Kind == StepKind.SelfModify)
            {
                for (var turn = 0; turn < Turns; turn++)
                {
                    statuses.Add((await gateway.HandleAsync($"Bearer {job.GatewayToken}", TenThousandTokenTurns.Request(turn), CancellationToken.None)).StatusCode);
                }
            }
        };

        var run = await _host.RunAsync("long-self-modification", config);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(Enumerable.Repeat(200, Turns), statuses);
        Assert.Equal(NodeStatus.Admitted, (await _host.Runs.GetNodeAsync(run.RunId, "i1-c0")).Status);
        var ledger = await _host.Runs.LedgerAsync(run.RunId);
        Assert.Equal(Turns * 10_100, ledger.SpentByKind[SpendKind.Coding].Tokens); // far past the former fixed 400,000
        Assert.Empty(ledger.Reserved);
    }

    [Fact]
    public async Task Resume_settles_open_reservations_at_metered_usage_and_the_live_line_carries_the_spend_over()
    {
        var runId = "resumed";
        var run = await _host.RunAsync(runId, WorkflowHost.Config(iterations: 1));
        var before = (await _host.Runs.LedgerAsync(runId)).Spent;
        // A dead process left two agent jobs reserved: one had metered 30k + 2k tokens (and a call of up to 5k in
        // flight), the other never reached the gateway.
        var reservation = new Spend(0m, 1_000_000, 20);
        await _host.Runs.UpdateLedgerAsync(runId, ledger => (ledger.TryReserve("metered", reservation), ledger.TryReserve("unmetered", reservation)));
        await _host.Store.PutAsync(ArtifactKeys.Usage(runId, "metered"), DgmJson.Serialize(new ModelUsage { Calls = 4, InputTokens = 30_000, OutputTokens = 2_000, ReservedTokens = 5_000 }));
        await _host.Runs.UpdateRunAsync(runId, r => r with { Status = RunStatus.Failed, StopReason = "the process died" });

        var report = await _host.Lifecycle.ResumeAsync(_host.Client, runId);
        var resumed = await _host.WaitAsync(runId);

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(2, report.ReservationsSettled);
        Assert.Equal(1, report.SettledAtMeteredUsage);
        var ledger = await _host.Runs.LedgerAsync(runId);
        Assert.Empty(ledger.Reserved);
        Assert.Equal(before + new Spend(0m, 37_000, 40), ledger.Spent); // not the 2,000,000 tokens reserved
        Assert.Equal(new Spend(0m, 37_000, 0), ledger.SpentByKind[SpendKind.OrphanedMetered]);
        Assert.Equal(ledger.Spent, report.Spent);

        var progress = (await _host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true))!.ReadCustomStatusAs<RunProgress>()!;
        Assert.Equal(ledger.Spent.Tokens, progress.TokensSpent); // the resumed orchestration committed nothing: this is carried over
        Assert.Equal(run.BestNodeId, progress.BestNodeId);
    }

    [Fact]
    public async Task An_extended_run_carries_its_spend_to_the_live_line()
    {
        var runId = "extended";
        await _host.RunAsync(runId, WorkflowHost.Config(iterations: 1));
        var spent = await _host.Runs.UpdateLedgerAsync(runId, ledger =>
        {
            ledger.TryReserve("earlier", new Spend(0.5m, 4_321, 0));
            ledger.Settle("earlier", SpendKind.Coding, new Spend(0.5m, 4_321, 0));
            return ledger.State.Spent;
        });

        Assert.True(await _host.Lifecycle.ExtendAsync(_host.Client, runId, moreIterations: 0));
        await _host.WaitAsync(runId);

        var progress = (await _host.Client.GetInstanceAsync(runId, getInputsAndOutputs: true))!.ReadCustomStatusAs<RunProgress>()!;
        Assert.Equal(spent.Tokens, progress.TokensSpent);
        Assert.Equal(spent.Dollars, progress.DollarsSpent);
    }

    /// <summary>A scripted model (no AI): every turn reads 10,000 tokens and writes 100.</summary>
    private sealed class TenThousandTokenTurns : IChatClient
    {
        /// <summary>An OpenAI request of 40,000 characters, so the gateway's byte bound covers the 10,000 tokens reported.</summary>
        public static byte[] Request(int turn) => Encoding.UTF8.GetBytes(new JsonObject
        {
            ["model"] = "demo",
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"turn {turn}: " + new string('x', 40_000) }),
        }.ToJsonString());

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "edited"))
            {
                Usage = new UsageDetails { InputTokenCount = 10_000, OutputTokenCount = 100 },
                FinishReason = ChatFinishReason.Stop,
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
