using Spectre.Console;

namespace AwsHarden.Cli.Rendering;

/// <summary>Results go to stdout, progress and diagnostics to stderr; this keeps the two apart.</summary>
public static class Consoles
{
    // Diagnostics are one line each: a path or a command split across lines cannot be copied or grepped.
    internal const int RedirectedErrWidth = 8192;

    public static IAnsiConsole Out { get; set; } = CreateOut();

    public static IAnsiConsole Err { get; set; } = CreateErr();

    // Redirected output has no terminal width; Spectre would wrap at 80 and break URLs across lines.
    private static IAnsiConsole CreateOut()
    {
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 200);
        }

        return console;
    }

    private static IAnsiConsole CreateErr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            console.Profile.Width = RedirectedErrWidth;
        }

        return console;
    }

    /// <summary>A live display only makes sense when a person watches stderr.</summary>
    public static bool ErrIsTerminal => !Console.IsErrorRedirected && Err.Profile.Capabilities.Interactive;
}
