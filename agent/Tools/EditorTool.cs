using System.Text;
using System.Text.Json.Nodes;

namespace DgmAgent.Tools;

// Views, creates and overwrites files. There is no partial edit: changing one line means sending the
// whole file back, which is slow and error-prone for large files (a known weakness of the seed).
internal sealed class EditorTool(string workspace) : ITool
{
    public string Name => "editor";

    public string Description =>
        """
        View, create or overwrite files.
        - `view`: show a file with line numbers, or list a directory two levels deep (hidden entries skipped).
        - `create`: write a new file with `file_text`; fails if the path already exists.
        - `edit`: replace the whole content of an existing file with `file_text`.
        Paths may be absolute or relative to the repository. Output longer than 10000 characters is clipped.
        """;

    public string ParametersSchema =>
        """
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "enum": ["view", "create", "edit"], "description": "What to do." },
            "path": { "type": "string", "description": "File or directory, absolute or relative to the repository." },
            "file_text": { "type": "string", "description": "The complete file content, for create and edit." }
          },
          "required": ["command", "path"]
        }
        """;

    public Task<string> RunAsync(JsonObject arguments)
    {
        var command = ToolArguments.Required(arguments, "command");
        var path = Path.GetFullPath(ToolArguments.Required(arguments, "path"), workspace);
        var result = command switch
        {
            "view" => View(path),
            "create" => Create(path, arguments),
            "edit" => Edit(path, arguments),
            _ => throw new ToolException($"unknown editor command '{command}'; use view, create or edit"),
        };
        return Task.FromResult(result);
    }

    private static string View(string path)
    {
        if (Directory.Exists(path))
        {
            return OutputClip.Apply(DirectoryLister.List(path, depth: 2));
        }

        if (!File.Exists(path))
        {
            throw new ToolException($"{path} does not exist");
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return $"{path} is empty";
        }

        var text = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            // The same layout as `cat -n`: the model can refer to lines by number.
            text.Append($"{i + 1,6}\t{lines[i]}\n");
        }

        return OutputClip.Apply(text.ToString());
    }

    private static string Create(string path, JsonObject arguments)
    {
        var content = ToolArguments.Required(arguments, "file_text");
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new ToolException($"{path} already exists; use the edit command to overwrite it");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return $"Created {path}";
    }

    private static string Edit(string path, JsonObject arguments)
    {
        var content = ToolArguments.Required(arguments, "file_text");
        if (!File.Exists(path))
        {
            throw new ToolException($"{path} does not exist; use the create command for a new file");
        }

        File.WriteAllText(path, content);
        return $"Overwrote {path}";
    }
}
