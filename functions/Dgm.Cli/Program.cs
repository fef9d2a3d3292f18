using Dgm.Cli;

return await DgmCommand.Create().Parse(args).InvokeAsync();
