using System.CommandLine;
using Dgm.Cli;
using Dgm.Core.Configuration;

// Errors a user can act on end in one clear line and a stable exit code; anything else is a bug and shows its trace.
try
{
    return await DgmCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception ex) when (ex is RunConfigException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(ex.Message);
    return ExitCodes.Usage;
}
catch (KeyNotFoundException ex)
{
    Console.Error.WriteLine(ex.Message);
    return ExitCodes.NotFound;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("interrupted");
    return ExitCodes.Interrupted;
}
