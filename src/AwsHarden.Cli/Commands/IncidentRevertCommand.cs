using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident revert</c>: investigates, completes the revert plan with each deleted principal's live
/// dependencies, shows it and applies it through the fix engine, journalled so that <c>fix undo</c> reverses
/// what can be reversed. <c>--dry-run</c> shows the plan and changes nothing.
/// </summary>
public sealed class IncidentRevertCommand : AsyncCommand<IncidentRevertCommand.Settings>
{
    /// <summary>Flags of <c>incident revert</c>: the investigation's, plus how to confirm, journal or only show.
    /// </summary>
    public sealed class Settings : IncidentInvestigateCommand.IncidentSourceSettings
    {
        [CommandOption("--yes")]
        [Description("Apply without asking; needed when stdin is not a terminal.")]
        public bool Yes { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("New journal file (default awsharden-revert-TIMESTAMP.jsonl here); 'fix undo FILE' reverses "
            + "what can be reversed. To finish an interrupted revert, run it again: done steps are skipped.")]
        public string? Journal { get; init; }

        [CommandOption("--dry-run")]
        [Description("Read the account and show the plan; change nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--accept-incomplete")]
        [Description("Apply the revert even when some log files could not be read (the plan then misses what "
            + "was done in them); without it such a revert is refused.")]
        public bool AcceptIncomplete { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("With --dry-run: also write the plan as JSON, for 'awsharden fix apply FILE'.")]
        public string? Output { get; init; }
    }

    private readonly TimeProvider _time;

    public IncidentRevertCommand() : this(TimeProvider.System)
    {
    }

    internal IncidentRevertCommand(TimeProvider time) => _time = time;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        CheckFlags(settings);
        var report = await IncidentInvestigateCommand.InvestigateAsync(settings, _time, cancellationToken);
        IncidentInvestigateCommand.ShowWarnings(report);
        // A partial revert must not pass for the whole one: refused before any change unless accepted.
        if (!report.Complete && !settings.DryRun && !settings.AcceptIncomplete)
        {
            throw new UserErrorException($"revert refused: {Broken(report)}, so the plan would miss what the "
                + "credentials did in them.", "fix or fetch the broken files again (listed above) and revert "
                + "again, or pass --accept-incomplete to revert what was read");
        }
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region),
            cancellationToken);
        await ContainmentAccount.CheckAsync(report.LogAccounts, session, cancellationToken);
        var source = new LiveRevertDependencies(new IamClient(session));
        await Console.Error.WriteLineAsync($"Lineage: {report.Lineage.Count} credentials and principals; listing "
            + $"the live dependencies of {RevertDependencies.Deleted(report.Revert).Count} principals to delete.");
        var plan = IncompleteInput.Mark(
            await RevertDependencies.EnrichAsync(report.Revert, source, _time, cancellationToken), report);

        if (settings.DryRun)
        {
            await Console.Out.WriteAsync(PlanText.Render(plan));
            if (settings.Output is { } output)
            {
                // Bound to the account the dependencies were read from, so 'fix apply' refuses any other.
                var account = (await session.GetCallerIdentityAsync(cancellationToken)).Account;
                var bound = plan with { AccountId = account };
                OutputFile.Write(output, s => { using var w = new StreamWriter(s); w.Write(PlanJson.Write(bound)); });
            }
            await Console.Error.WriteLineAsync("Dry run: nothing was changed.");
            if (!report.Complete)
            {
                throw new UserErrorException($"INCOMPLETE: {Broken(report)}; the plan shown covers only the rest.",
                    "fix or fetch the broken files again (listed above) and plan again; 'fix apply' of this plan "
                    + "needs --accept-incomplete");
            }
            IncidentInvestigateCommand.ThrowIfNothingSeen(report);
            return ExitCodes.Ok;
        }

        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(_time, "awsharden-revert");
        var applied = await FixApplyRunner.RunAsync(plan,
            FixCli.Context(session, journal, null, settings.Yes) with { Time = _time }, cancellationToken);
        if (applied is null)
            return ExitCodes.Ok;
        await Console.Out.WriteLineAsync(Summary(plan, applied));
        if (!report.Complete)
        {
            await Console.Error.WriteLineAsync($"INCOMPLETE: reverted from a partial read ({Broken(report)}); "
                + "what the credentials did in those files is not reverted.");
        }
        if (!applied.Completed) return ExitCodes.Findings;
        IncidentInvestigateCommand.ThrowIfNothingSeen(report);
        return ExitCodes.Ok;
    }

    private static string Broken(InvestigationReport report) => report.Read.BrokenFiles.Count == 1
        ? "1 log file could not be read"
        : $"{report.Read.BrokenFiles.Count} log files could not be read";

    // Refused before the (possibly long) investigation, so a script learns at once what it got wrong.
    private static void CheckFlags(Settings settings)
    {
        IncidentInvestigateCommand.ToRequest(settings);
        FixCli.CheckJournal(settings.Journal);
        // The plan is made anew from the account each run, so its step numbers would not line up with an
        // earlier run's journal; re-running with a new one skips what is done by reading the account instead.
        if (settings.Journal is { } journal && File.Exists(journal) && new FileInfo(journal).Length > 0)
        {
            throw new UserErrorException($"journal '{journal}' already records a run",
                "give a new --journal file; running revert again skips the steps already done");
        }
        if (settings.Output is not null && !settings.DryRun)
        {
            throw new UserErrorException("--output writes the plan of a dry run",
                "add --dry-run, then apply the file with 'awsharden fix apply FILE'");
        }
        if (settings.Output is not null)
            OutputFile.CheckWritable(settings.Output, "--output");
        if (!settings.DryRun && !settings.Yes && Console.IsInputRedirected)
        {
            throw new UserErrorException("revert changes the account, and stdin is not a terminal to confirm on",
                "review the plan with 'awsharden incident revert … --dry-run', then pass --yes to apply it");
        }
    }

    /// <summary>One line: how many steps were applied, skipped as already done, left to a person, failed or
    /// not reached.</summary>
    internal static string Summary(Plan plan, ApplyReport report)
    {
        int Count(StepOutcome outcome) => report.Steps.Count(s => s.Outcome == outcome);
        var notRun = plan.Steps.Count - report.Steps.Count;
        return $"Summary: {Count(StepOutcome.Applied)} applied, {Count(StepOutcome.AlreadyDone)} already done "
            + $"(skipped), {Count(StepOutcome.Manual)} manual, "
            + $"{Count(StepOutcome.Failed) + Count(StepOutcome.Drifted)} failed, {notRun} not run.";
    }
}
