namespace Dgm.Runner;

/// <summary>The runner could not do its own part of a step; reported as the step's failure, never charged to the agent.</summary>
internal sealed class StepFailureException(string message) : Exception(message);
