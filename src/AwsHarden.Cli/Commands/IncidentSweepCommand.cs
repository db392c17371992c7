using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Cli.Rendering;
using AwsHarden.Incident;
using AwsHarden.Model;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident sweep</c>: lists, in every enabled region and in IAM, what was created in the window
/// or is missing from a baseline snapshot. Exit 0 nothing found, 1 found, 2 when part of the account could not
/// be read and nothing was found (an incomplete sweep is not a clean one).
/// </summary>
public sealed class IncidentSweepCommand : AsyncCommand<IncidentSweepCommand.Settings>
{
    /// <summary>Without --since or --baseline the window is the last 90 days: CloudTrail's event history
    /// keeps as long, so what the sweep lists, <c>investigate --lookup</c> can still explain.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    /// <summary>Flags of <c>incident sweep</c>.</summary>
    public sealed class Settings : CollectSettings
    {
        [CommandOption("--since <TIME>")]
        [Description("List what was created at or after this time (ISO 8601). Default: the baseline's time, "
            + "else 90 days ago.")]
        public string? Since { get; init; }

        [CommandOption("--baseline <SNAPSHOT>")]
        [Description("A snapshot from 'awsharden collect': also list what it does not hold.")]
        public string? Baseline { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or markdown.")]
        public string Format { get; init; } = "table";

        [CommandOption("-o|--output <FILE>")]
        [Description("Write the report to this file instead of standard output.")]
        public string? Output { get; init; }
    }

    private readonly TimeProvider _time;

    public IncidentSweepCommand() : this(TimeProvider.System)
    {
    }

    internal IncidentSweepCommand(TimeProvider time) => _time = time;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        var format = settings.Format.ToLowerInvariant();
        if (format is not ("table" or "json" or "markdown"))
        {
            throw new UserErrorException($"Unknown format '{settings.Format}'.",
                "use --format table, json or markdown");
        }

        var since = ParseSince(settings.Since);
        var regions = settings.RegionList();
        if (settings.Output is { } output)
        {
            OutputFile.CheckWritable(output, "--output");
        }

        var baseline = settings.Baseline is { } path ? SweepBaseline.From(ReadBaseline(path)) : null;
        var effectiveSince = since ?? baseline?.CollectedAt ?? _time.GetUtcNow() - DefaultWindow;

        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region),
            cancellationToken);
        var errors = Consoles.Err;
        var progress = new Progress<string>(m => errors.MarkupLine($"[grey]{Markup.Escape(m)}[/]"));
        var inventory = await new AwsSweepReader(session, _time).ReadAsync(new SweepScope(regions), progress,
            cancellationToken);
        if (baseline is not null && baseline.AccountId != inventory.AccountId)
        {
            throw new UserErrorException(
                $"the baseline is a snapshot of account {baseline.AccountId}, but the credentials are for "
                + $"account {inventory.AccountId}", "use a snapshot of this account, or the matching --profile");
        }

        var report = SweepComparer.Compare(inventory, effectiveSince, baseline);
        Write(report, format, settings.Output);
        return Summarise(report, format, settings.Output, errors);
    }

    /// <summary>Prints the outcome on stderr and picks the exit code: found beats incomplete, which beats clean.
    /// </summary>
    private static int Summarise(SweepReport report, string format, string? output, IAnsiConsole errors)
    {
        errors.MarkupLine($"[grey]{report.ResourcesRead} resources read with {report.ApiCalls} API calls[/]");
        if (report.IsIncomplete)
        {
            errors.MarkupLine("[yellow]Part of the account was not swept[/] (see 'Not swept'); allow "
                + Markup.Escape(string.Join(", ", AwsSweepReader.RequiredActions)) + " and run again.");
        }

        // The table and Markdown on screen end with the hint already.
        if (report.Found.Count > 0 && (format == "json" || output is not null))
        {
            errors.WriteLine(SweepText.NextSteps);
        }

        return report.Found.Count > 0 ? ExitCodes.Findings
            : report.IsIncomplete ? ExitCodes.UserError
            : ExitCodes.Ok;
    }

    private DateTimeOffset? ParseSince(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!CloudTrailTime.TryParse(text, out var since))
        {
            throw new UserErrorException($"--since '{text}' is not a time",
                "use ISO 8601, e.g. --since 2024-08-01T00:00:00Z");
        }

        return since <= _time.GetUtcNow()
            ? since
            : throw new UserErrorException($"--since '{text}' is in the future", "give a time in the past");
    }

    private static AccountSnapshot ReadBaseline(string path) =>
        File.Exists(path)
            ? SnapshotFile.Read(path)
            : throw new UserErrorException($"--baseline '{path}' is not a file",
                "give a snapshot written by 'awsharden collect -o FILE' before the incident");

    private static void Write(SweepReport report, string format, string? output)
    {
        if (format == "table" && output is null)
        {
            SweepTable.Render(Consoles.Out, report);
            return;
        }

        if (format == "json" && output is null)
        {
            using var stdout = Console.OpenStandardOutput();
            SweepJsonWriter.Write(report, stdout);
            Console.Out.WriteLine();
            return;
        }

        if (format == "markdown" && output is null)
        {
            Console.Out.Write(SweepMarkdownWriter.Write(report));
            return;
        }

        OutputFile.Write(output!, stream =>
        {
            switch (format)
            {
                case "json":
                    SweepJsonWriter.Write(report, stream);
                    break;
                case "markdown":
                    using (var writer = new StreamWriter(stream))
                    {
                        writer.Write(SweepMarkdownWriter.Write(report));
                    }

                    break;
                default:
                    using (var writer = new StreamWriter(stream))
                    {
                        var console = AnsiConsole.Create(new AnsiConsoleSettings
                        {
                            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No,
                            ColorSystem = ColorSystemSupport.NoColors,
                        });
                        console.Profile.Width = 160;
                        SweepTable.Render(console, report);
                    }

                    break;
            }
        });
        Consoles.Err.MarkupLine($"[grey]Report written to {Markup.Escape(output!)}[/]");
    }
}

/// <summary>The sweep report as a terminal table.</summary>
internal static class SweepTable
{
    public static void Render(IAnsiConsole console, SweepReport report)
    {
        console.MarkupLine($"[bold]Sweep of account {report.AccountId}[/]: since {SweepText.Time(report.Since)}, "
            + $"{report.Regions.Count} region(s), {report.ResourcesRead} resources read"
            + (report.BaselineCollectedAt is { } b ? $", baseline of {SweepText.Time(b)}" : ""));
        if (report.Found.Count == 0)
        {
            console.MarkupLine(report.IsIncomplete
                ? "[yellow]Nothing found in what could be read.[/]"
                : "[green]Nothing created in the window or missing from the baseline.[/]");
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("region", "type", "id / name", "created", "why", "detail");
            foreach (var f in report.Found)
            {
                var r = f.Resource;
                table.AddRow(SweepText.Where(r.Region), r.Kind.Name(), Markup.Escape(r.Id),
                    SweepText.Time(r.Created) + (r.Kind.DatedByLastChange() ? " (modified)" : ""),
                    Markup.Escape(SweepText.Why(f, report.Since)), Markup.Escape(r.Detail));
            }

            console.Write(table);
            console.MarkupLine($"[grey]{Markup.Escape(SweepText.CreatorNote)}[/]");
        }

        RenderGaps(console, report);
        console.MarkupLine(Markup.Escape(SweepText.NextSteps));
    }

    private static void RenderGaps(IAnsiConsole console, SweepReport report)
    {
        if (report.RegionsError is { } error)
        {
            console.MarkupLine($"[yellow]Regions could not be listed ({Markup.Escape(error.Reason)}): only "
                + $"{Markup.Escape(string.Join(", ", report.Regions))} swept.[/]");
        }

        if (report.NotSwept.Count > 0)
        {
            console.MarkupLine($"[yellow]Not swept ({report.NotSwept.Count}):[/]");
            foreach (var gap in report.NotSwept)
            {
                console.MarkupLine($"  [yellow]{Markup.Escape(SweepText.NotSwept(gap))}[/]");
            }
        }

        if (report.TimeOnlyKinds.Count > 0)
        {
            console.MarkupLine("[grey]Compared by time only (not in the baseline): "
                + Markup.Escape(string.Join(", ", report.TimeOnlyKinds.Select(k => k.Name()))) + "[/]");
        }
    }
}
