using Kes.Api.Cli;

return await KesCommandLine.InvokeAsync(args).ConfigureAwait(false);
