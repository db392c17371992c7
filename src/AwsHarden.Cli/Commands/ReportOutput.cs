using AwsHarden.Cli.Rendering;
using AwsHarden.Config;
using AwsHarden.Model;
using AwsHarden.Reports;
using Spectre.Console;

namespace AwsHarden.Cli.Commands;

/// <summary>Sends a report to stdout or to the --output file, in the format asked for.</summary>
internal static class ReportOutput
{
    public static void Write(string? output, string format, AuditReport report)
    {
        if (format == "json")
        {
            if (output is null)
            {
                using var stdout = Console.OpenStandardOutput();
                JsonReportWriter.Write(report, stdout);
                Console.Out.WriteLine();
            }
            else
            {
                OutputFile.Write(output, s => JsonReportWriter.Write(report, s));
            }

            return;
        }

        if (output is null)
        {
            AuditTable.Render(report, Consoles.Out);
            return;
        }

        OutputFile.Write(output, s =>
        {
            using var writer = new StreamWriter(s);
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(writer),
            });
            console.Profile.Width = 160;
            AuditTable.Render(report, console);
        });
        Consoles.Err.MarkupLine($"[grey]Report written to {Markup.Escape(output)}[/]");
    }
}

/// <summary>Writes a file through a temporary sibling and a rename, so a failure never leaves half a file.</summary>
internal static class OutputFile
{
    /// <summary>Fails early, before any long work, when <paramref name="path"/> cannot be written.</summary>
    public static void CheckWritable(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UserErrorException($"{option} needs a file path", $"for example: {option} report.json");
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UserErrorException($"{option} '{path}' is a folder, not a file",
                $"name a file inside it, e.g. {Path.Combine(path, "awsharden.json")}");
        }

        // Writing goes through a rename, which would replace a FIFO or a device node (even /dev/null) with a file.
        if (FileStat.Of(full).Type is FileType.Fifo or FileType.Device or FileType.Socket)
        {
            throw new UserErrorException($"{option} '{path}' is not a regular file",
                "name a file; to discard the output, leave the option out and redirect stdout instead");
        }

        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UserErrorException($"{option} '{path}': the folder '{folder}' does not exist",
                "create it first or choose another path");
        }

        if (folder is not null)
        {
            Probe(path, folder);
        }
    }

    // Creating (and at once deleting) a file is the only honest test that the later rename will work.
    private static void Probe(string path, string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".awsharden-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1,
                       FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"cannot write '{path}': {AtomicFile.Reason(e, folder)}",
                "choose a path in a folder you can write to");
        }
    }

    public static void Write(string path, Action<Stream> write)
    {
        CheckWritable(path, "output");
        AtomicFile.Write(path, write);
    }
}
