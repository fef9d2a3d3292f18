using Dgm.Local.Hosting;
using Dgm.Workflow.Runs;

namespace Dgm.Local.Dashboard;

/// <summary>
/// The embedded engine behind <c>dgm serve</c>, started by the first run the dashboard starts: until then the server
/// only reads, and leaves the data folder's gateway socket to a <c>dgm run</c> that may be using it. Runs it starts are
/// followed to their end, so a failed orchestration is recorded as failed.
/// </summary>
internal sealed class ServedEngine(LocalDgmOptions options, System.Text.Json.Nodes.JsonObject startDefaults, TimeProvider time) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _followed = [];

    public LocalDgm? Dgm { get; private set; }

    public RunManagement? Management { get; private set; }

    public async Task<(LocalDgm Dgm, RunManagement Management)> StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Dgm is null)
            {
                Dgm = await LocalDgm.StartAsync(options, cancellationToken);
                Management = new RunManagement(Dgm.Runs, Dgm.Lifecycle, startDefaults, time);
            }

            return (Dgm, Management!);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Follow(string runId)
    {
        var launcher = new RunLauncher(Dgm!, time);
        lock (_followed)
        {
            _followed.Add(launcher.WaitAsync(runId, progress: null, _stopping.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_followed);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            // Stopping the server stops following; a run that vanished from the engine has nothing left to record.
        }

        if (Dgm is not null)
        {
            await Dgm.DisposeAsync();
        }

        _gate.Dispose();
        _stopping.Dispose();
    }
}
