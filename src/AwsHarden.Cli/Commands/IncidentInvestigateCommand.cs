using System.ComponentModel;
using System.Text.RegularExpressions;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident investigate</c>: follows leaked credentials through CloudTrail files and prints the
/// lineage, timeline, grouped actions and the containment and revert plans.
/// </summary>
public sealed partial class IncidentInvestigateCommand : AsyncCommand<IncidentInvestigateCommand.Settings>
{
    /// <summary>Flags of <c>incident investigate</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--key <ACCESS_KEY_ID>")]
        [Description("Leaked access key id (AKIA… or ASIA…); repeat for several.")]
        public string[] Keys { get; init; } = [];

        [CommandOption("--user <NAME>")]
        [Description("Also follow everything this IAM user did.")]
        public string? UserName { get; init; }

        [CommandOption("--role <ARN>")]
        [Description("Also follow every session of this role.")]
        public string? RoleArn { get; init; }

        [CommandOption("--since <TIME>")]
        [Description("Ignore events before this time (ISO 8601, e.g. 2024-08-01T00:00:00Z).")]
        public string? Since { get; init; }

        [CommandOption("--until <TIME>")]
        [Description("Ignore events after this time.")]
        public string? Until { get; init; }

        [CommandOption("--logs <PATH>")]
        [Description("CloudTrail files or folders (gzip'd or not, searched recursively); repeat for several.")]
        public string[] Logs { get; init; } = [];

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or markdown.")]
        public string Format { get; init; } = "table";

        [CommandOption("--output <FILE>")]
        [Description("Write the report to this file instead of standard output.")]
        public string? Output { get; init; }
    }

    private readonly TimeProvider _time;

    public IncidentInvestigateCommand() : this(TimeProvider.System)
    {
    }

    internal IncidentInvestigateCommand(TimeProvider time) => _time = time;

    // TODO(incident): --bucket, --lookup and --athena sources; they need the Aws layer.
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        var request = ToRequest(settings);
        var format = settings.Format.ToLowerInvariant();
        var errors = Consoles.Err;

        var progress = new Progress<string>(m => errors.MarkupLine($"[grey]{Markup.Escape(m)}[/]"));
        var report = await new IncidentInvestigator(_time).InvestigateAsync(request, progress, cancellationToken);
        foreach (var broken in report.Read.BrokenFiles)
        {
            errors.MarkupLine($"[yellow]broken file[/] {Markup.Escape(broken.Path)}: {Markup.Escape(broken.Reason)}");
        }

        await WriteAsync(report, format, settings.Output, cancellationToken);
        return 0;
    }

    private static Task WriteAsync(InvestigationReport report, string format, string? output,
        CancellationToken ct)
    {
        if (format == "table")
        {
            if (output is null)
            {
                IncidentReportRenderer.Render(Consoles.Out, report);
                return Task.CompletedTask;
            }

            OutputFile.Write(output, stream =>
            {
                using var writer = new StreamWriter(stream);
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(writer),
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                });
                console.Profile.Width = 160;
                IncidentReportRenderer.Render(console, report);
            });
            return Task.CompletedTask;
        }

        var text = format == "json" ? InvestigationJsonWriter.Write(report) : InvestigationMarkdownWriter.Write(report);
        if (output is null)
        {
            return Console.Out.WriteAsync(text.AsMemory(), ct);
        }

        OutputFile.Write(output, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        });
        return Task.CompletedTask;
    }

    /// <summary>Checks the flags; every mistake is a <see cref="UserErrorException"/> saying what to do.</summary>
    internal static InvestigationRequest ToRequest(Settings s)
    {
        if (s.Keys.Length == 0 && s.UserName is null && s.RoleArn is null)
        {
            throw new UserErrorException("Nothing to investigate.", "give --key AKIA… (or --user / --role)");
        }
        foreach (var key in s.Keys.Where(k => !AccessKeyId().IsMatch(k)))
        {
            throw new UserErrorException($"'{key}' is not an access key id.",
                "an access key id is 20 characters starting with AKIA or ASIA");
        }
        if (s.Logs.Length == 0)
        {
            throw new UserErrorException("No logs given.", "give --logs with CloudTrail files or a folder of them");
        }
        if (s.Format.ToLowerInvariant() is not ("table" or "json" or "markdown"))
        {
            throw new UserErrorException($"Unknown format '{s.Format}'.", "use --format table, json or markdown");
        }
        return new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = s.Keys, UserName = s.UserName, RoleArn = s.RoleArn },
            LogPaths = s.Logs, Since = Time(s.Since, "--since"), Until = Time(s.Until, "--until"),
        };
    }

    private static DateTimeOffset? Time(string? text, string flag)
    {
        if (text is null) return null;
        if (CloudTrailTime.TryParse(text, out var t)) return t;
        throw new UserErrorException($"{flag} '{text}' is not a time.", "use ISO 8601, e.g. 2024-08-01T00:00:00Z");
    }

    [GeneratedRegex("^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}$")]
    private static partial Regex AccessKeyId();
}
