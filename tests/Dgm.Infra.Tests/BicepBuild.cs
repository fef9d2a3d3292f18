using System.Text.Json.Nodes;
using Dgm.Testing;

namespace Dgm.Infra.Tests;

/// <summary>
/// Builds every .bicep file under bicep/ once, with one Bicep CLI run on a copy of the folder (so the source tree gets
/// no .json files), linter on (bicep/bicepconfig.json applies), and keeps the diagnostics and compiled templates.
/// </summary>
public sealed class BicepBuild : IDisposable
{
    private readonly string _workDirectory;

    public BicepBuild()
    {
        _workDirectory = Path.Combine(Path.GetTempPath(), "dgm-bicep-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(Repository.BicepFolder, _workDirectory);

        SourceFiles = Directory.EnumerateFiles(_workDirectory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(_workDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Result = ProcessRunner.RunAsync(
            Repository.BicepExecutable,
            ["build", "--pattern", "**/*.bicep"],
            _workDirectory,
            TimeSpan.FromMinutes(3)).GetAwaiter().GetResult();

        Templates = SourceFiles
            .Where(file => File.Exists(CompiledPath(file)))
            .ToDictionary(file => file, file => JsonNode.Parse(File.ReadAllText(CompiledPath(file)))!.AsObject(), StringComparer.Ordinal);

        Sources = SourceFiles.ToDictionary(
            file => file,
            file => File.ReadAllText(Path.Combine(_workDirectory, file)),
            StringComparer.Ordinal);
    }

    /// <summary>Paths relative to bicep/, e.g. <c>main.bicep</c>, <c>modules/storage.bicep</c>.</summary>
    public IReadOnlyList<string> SourceFiles { get; }

    public IReadOnlyDictionary<string, string> Sources { get; }

    public ProcessResult Result { get; }

    /// <summary>Compiled ARM JSON by source path.</summary>
    public IReadOnlyDictionary<string, JsonObject> Templates { get; }

    public ArmTemplate Main => new(Templates["main.bicep"]);

    /// <summary>Every diagnostic line the CLI printed (warnings, errors, linter findings).</summary>
    public IReadOnlyList<string> Diagnostics =>
        Result.Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private string CompiledPath(string sourceFile) => Path.Combine(_workDirectory, Path.ChangeExtension(sourceFile, ".json"));

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BicepTemplates : ICollectionFixture<BicepBuild>
{
    public const string Name = "bicep";
}
