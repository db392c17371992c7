using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Config;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden fix undo JOURNAL</c>: reverts the steps a journal records, newest first.</summary>
public sealed class FixUndoCommand : AsyncCommand<FixUndoCommand.Settings>
{
    public sealed class Settings : CollectSettings
    {
        [CommandArgument(0, "<JOURNAL>")]
        [Description("The journal a run wrote (awsharden-journal-*.jsonl, awsharden-contain-*.jsonl)")]
        public string Journal { get; init; } = "";

        [CommandOption("--yes")]
        [Description("Undo without asking; needed when stdin is not a terminal")]
        public bool Yes { get; init; }

        [CommandOption("--undo-journal <FILE>")]
        [Description("The undo run's own journal (default awsharden-undo-YYYYMMDD-HHMMSS.jsonl here, UTC)")]
        public string? UndoJournal { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("awsharden.yaml, for the audit after undo")]
        public string? Config { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        InputFile.Check(settings.Journal, InputKind.Journal);
        FixCli.CheckJournal(settings.UndoJournal);
        FixCli.RequireConfirmable(settings.Yes);
        var config = FixCli.LoadConfig(settings.Config);
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        var journal = settings.UndoJournal ?? FixApplyRunner.DefaultJournalPath(TimeProvider.System, "awsharden-undo");
        var audit = FixCli.LiveAudit(session, settings, config);
        var report = await FixApplyRunner.UndoAsync(settings.Journal,
            FixCli.Context(session, journal, audit, settings.Yes), ct);
        return report is { Completed: false } ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
