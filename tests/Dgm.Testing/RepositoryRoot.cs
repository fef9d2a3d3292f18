namespace Dgm.Testing;

public static class RepositoryRoot
{
    /// <summary>The checkout the tests run from: the first folder above the test binaries that holds DgmFunctions.sln.</summary>
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The seed agent and the starter suite of this checkout, as hosts ship them next to their binaries.</summary>
    public static Dgm.Benchmarks.BuiltIns BuiltIns => new(Combine("agent"), Combine("benchmarks", "starter"));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DgmFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DgmFunctions.sln not found above the test binaries.");
    }
}
