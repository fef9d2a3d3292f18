namespace Dgm.Testing;

/// <summary>A few tasks of the starter suite copied as a suite of their own, so tests run on fast tasks only.</summary>
public static class StarterSubset
{
    /// <summary>Writes <c>{parent}/{name}/</c> with a suite.json and the given starter tasks; returns the folder.</summary>
    public static string Write(string parent, string name, params string[] tasks)
    {
        var suite = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        File.WriteAllText(Path.Combine(suite, "suite.json"), $$"""{"name":"{{name}}"}""");
        foreach (var task in tasks)
        {
            var source = RepositoryRoot.Combine("benchmarks", "starter", "tasks", task);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(suite, "tasks", task, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        return suite;
    }
}
