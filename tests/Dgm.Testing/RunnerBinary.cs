namespace Dgm.Testing;

/// <summary>The in-sandbox runner as the test projects that import functions/Dgm.Runner/ShipRunner.targets ship it.</summary>
public static class RunnerBinary
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "runner", "dgm-runner");
}
