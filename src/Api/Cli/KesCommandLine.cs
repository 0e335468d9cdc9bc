using System.CommandLine;
using Kes.Api.Cli.Server;

namespace Kes.Api.Cli;

/// <summary>The <c>kes</c> command line: one executable for the server and the client commands.</summary>
public static class KesCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("Kes.NET: a key encryption server that speaks the KES protocol")
        {
            ServerCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
