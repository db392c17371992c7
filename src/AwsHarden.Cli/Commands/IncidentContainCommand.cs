using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident contain</c>: investigates like <c>incident investigate</c>, completes the containment plan
/// from the lineage users' live keys, passwords and MFA devices, then shows it and applies it through the fix
/// engine, journalled so that <c>fix undo</c> reverses it.
/// </summary>
public sealed class IncidentContainCommand : AsyncCommand<IncidentContainCommand.Settings>
{
    /// <summary>Flags of <c>incident contain</c>: the investigation's, plus how to confirm and journal.</summary>
    public sealed class Settings : IncidentInvestigateCommand.IncidentSourceSettings
    {
        [CommandOption("--yes")]
        [Description("Apply without asking; needed when stdin is not a terminal.")]
        public bool Yes { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("Journal file (default awsharden-journal-TIMESTAMP.jsonl here); 'fix undo FILE' reverts "
            + "the run, and an interrupted run's journal resumes it.")]
        public string? Journal { get; init; }
    }

    private readonly TimeProvider _time;

    public IncidentContainCommand() : this(TimeProvider.System)
    {
    }

    internal IncidentContainCommand(TimeProvider time) => _time = time;

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        // Refused before the (possibly long) investigation, so a script learns at once that it needs --yes.
        IncidentInvestigateCommand.ToRequest(settings);
        FixCli.CheckJournal(settings.Journal);
        if (!settings.Yes && Console.IsInputRedirected)
        {
            throw new UserErrorException("contain changes the account, and stdin is not a terminal to confirm on",
                "review the plan with 'awsharden incident investigate', then pass --yes to apply without asking");
        }

        var report = await IncidentInvestigateCommand.InvestigateAsync(settings, _time, cancellationToken);
        IncidentInvestigateCommand.ShowWarnings(report);
        await Console.Error.WriteLineAsync($"Lineage: {report.Lineage.Count} credentials and principals; "
            + $"{report.Containment.Steps.Count} containment steps.");

        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region),
            cancellationToken);
        await ContainmentAccount.CheckAsync(report.LogAccounts, session, cancellationToken);
        // Keys, passwords and MFA devices the logs missed (made before their window, or in a trail not given).
        if (ContainmentLive.Users(report.Lineage, report.Containment) is { Count: > 0 } users)
        {
            await Console.Error.WriteLineAsync($"Reading the keys of {users.Count} lineage users from the account: "
                + string.Join(", ", users.Select(u => u.Name)) + ".");
        }
        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(_time, "awsharden-contain");
        var history = File.Exists(journal) ? new FileJournal(journal).Read() : [];
        var live = await ContainmentLive.CompleteAsync(report.Containment, report.Lineage,
            new LiveContainmentCredentials(new IamClient(session)), Started(history), _time, cancellationToken);
        var apply = FixCli.Context(session, journal, null, settings.Yes) with { Time = _time };
        // A deny left by an earlier contain is read first, so a new run moves its cut-off instead of drifting.
        var plan = IncompleteInput.Mark(
            await ContainmentPlanner.RefreshAsync(live, apply.Executor, cancellationToken), report);
        RefuseFinishedRun(journal, history, plan);
        var applied = await FixApplyRunner.RunAsync(plan, apply, cancellationToken);
        if (applied is { Completed: false }) return ExitCodes.Findings;
        // Stopping the bleeding goes on from what was read, but the run never passes for a complete one.
        if (applied is not null && !report.Complete) throw Incomplete(report);
        IncidentInvestigateCommand.ThrowIfNothingSeen(report);
        return ExitCodes.Ok;
    }

    private static UserErrorException Incomplete(InvestigationReport report)
    {
        var n = report.Read.BrokenFiles.Count;
        return new UserErrorException($"INCOMPLETE: the containment was applied from a partial read ({n} "
            + $"file{(n == 1 ? "" : "s")} could not be read), so it may miss credentials derived in them.",
            "fix or fetch the broken files again (listed above) and run contain again");
    }

    // A journal resumes an interrupted run. One whose run finished every step would make the engine skip them
    // all as "done in an earlier run" without reading the account, so a key turned back on since would stay
    // active behind a "Done": a new run, with a new journal, reads and re-applies instead.
    private static void RefuseFinishedRun(string journal, IReadOnlyList<JournalRecord> history, Plan plan)
    {
        var finished = history
            .Where(r => r.Event == JournalEvent.Finished
                && r.Outcome is not (StepOutcome.Failed or StepOutcome.Drifted))
            .Select(r => r.StepId).ToHashSet(StringComparer.Ordinal);
        var steps = plan.Steps.Where(s => s.Kind == PlanStepKind.Api).ToList();
        if (steps.Count > 0 && steps.All(s => finished.Contains(s.Id)))
        {
            throw new UserErrorException($"journal '{journal}' records a containment run that finished",
                "give a new --journal file (or none): a new run reads the account again and re-applies what was "
                + "undone since; a journal is for resuming an interrupted run");
        }
    }

    // The steps an earlier run of this journal started: resuming it must see them in the plan again.
    private static HashSet<string> Started(IReadOnlyList<JournalRecord> history) =>
        [.. history.Select(r => r.Step?.Title).OfType<string>()];
}
