using System.Diagnostics;

namespace Dgm.Core;

/// <summary>
/// The DGM's traces: one span per sandbox job step, model call, diagnosis and admission, tagged with the run, node
/// and job, for hosts that export traces (the Functions host sends them to Application Insights).
/// </summary>
public static class DgmTelemetry
{
    public const string SourceName = "Dgm";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one operation of a run; null when nobody listens.</summary>
    public static Activity? Start(string name, string runId, string? nodeId = null, string? jobId = null)
    {
        var span = Source.StartActivity(name);
        span?.SetTag("dgm.run", runId);
        if (nodeId is not null)
        {
            span?.SetTag("dgm.node", nodeId);
        }

        if (jobId is not null)
        {
            span?.SetTag("dgm.job", jobId);
        }

        return span;
    }
}
