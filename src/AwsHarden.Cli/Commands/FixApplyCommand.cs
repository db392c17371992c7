using System.ComponentModel;
using AwsHarden.Audit;
using AwsHarden.Audit.Collect;
using AwsHarden.Aws;
using AwsHarden.Cli.Rendering;
using AwsHarden.Config;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden fix apply [plan.json]</c>: applies a plan (or one made from a live collection),
/// journalling every step, then audits again.</summary>
public sealed class FixApplyCommand : AsyncCommand<FixApplyCommand.Settings>
{
    public sealed class Settings : CollectSettings
    {
        [CommandArgument(0, "[PLAN]")]
        [Description("A plan from 'awsharden fix plan -o plan.json'; without it, the account is collected and "
                     + "planned now")]
        public string? Plan { get; init; }

        [CommandOption("--yes")]
        [Description("Apply without asking; needed when stdin is not a terminal")]
        public bool Yes { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("Journal file (default awsharden-journal-YYYYMMDD-HHMMSS.jsonl here, UTC); the journal of "
                     + "an interrupted run of the same plan resumes it, another run's journal is refused")]
        public string? Journal { get; init; }

        [CommandOption("--accept-incomplete")]
        [Description("Apply a plan made from an incomplete read (its assumptions start with INCOMPLETE)")]
        public bool AcceptIncomplete { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("awsharden.yaml with the fix: section")]
        public string? Config { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        FixCli.CheckJournal(settings.Journal);
        var planFile = settings.Plan is not null ? FixCli.ReadPlan(settings.Plan) : null;
        if (planFile is not null && !settings.AcceptIncomplete && IncompleteInput.IsMarked(planFile))
        {
            throw new UserErrorException($"{settings.Plan} was made from an INCOMPLETE read (see its assumptions)",
                "make it again from logs that read whole and show the key, or pass --accept-incomplete to apply it "
                + "as it is");
        }
        FixCli.RequireConfirmable(settings.Yes);
        var config = FixCli.LoadConfig(settings.Config);
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        if (planFile is not null)
        {
            var caller = await session.GetCallerIdentityAsync(ct);
            PlanCheck.VerifyAccount(planFile, settings.Plan!, caller.Account);
        }

        var audit = FixCli.LiveAudit(session, settings, config);
        var plan = planFile ?? await PlanLiveAsync(audit, config, ct);

        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(TimeProvider.System);
        var report = await FixApplyRunner.ApplyAsync(plan, FixCli.Context(session, journal, audit, settings.Yes), ct);
        return report is { Completed: false } ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static async Task<Plan> PlanLiveAsync(LiveAudit audit, AuditConfig config, CancellationToken ct)
    {
        var (snapshot, findings) = await audit(ct);
        return FixPlanner.Plan(snapshot, findings, config.Fix, null, TimeProvider.System);
    }
}

/// <summary>What the apply, undo, key rotation and offboarding commands share.</summary>
internal static class FixCli
{
    /// <summary>A journal is appended to (an interrupted run of the same plan resumes from it), so it may exist,
    /// but it must be a file in a folder that exists: checked before any AWS call.</summary>
    public static void CheckJournal(string? path)
    {
        if (path is not null)
        {
            OutputFile.CheckWritable(path, "--journal");
        }
    }

    public static void RequireConfirmable(bool yes)
    {
        if (!yes && Console.IsInputRedirected)
        {
            throw new UserErrorException("this changes the account, and stdin is not a terminal to confirm on",
                "run it on a terminal to see the plan and confirm, or pass --yes to apply without asking");
        }
    }

    public static AuditConfig LoadConfig(string? path)
    {
        var config = path is null ? AuditConfig.Default : AuditConfigLoader.Load(path);
        ConfigWarnings.Show(config);
        return config;
    }

    public static Plan ReadPlan(string path)
    {
        var plan = PlanJson.Read(InputFile.ReadAllText(path, InputKind.Plan), path);
        PlanCheck.VerifyFile(plan, path);
        return plan;
    }

    public static LiveAudit LiveAudit(AwsSession session, CollectSettings settings, AuditConfig config) =>
        async ct =>
        {
            var collector = new Collector(session, new CollectorOptions { Regions = settings.RegionList() },
                TimeProvider.System);
            var snapshot = await CollectProgressReporter.RunAsync(p => collector.CollectAsync(p, ct));
            return (snapshot, AuditRunner.Run(snapshot, config, TimeProvider.System).Findings);
        };

    public static FixApplyContext Context(AwsSession session, string journal, LiveAudit? audit, bool yes) => new()
    {
        Executor = new AwsStepExecutor(session),
        JournalPath = journal,
        Audit = audit,
        Confirm = yes ? null : question => Consoles.Err.Confirm(Markup.Escape(question), defaultValue: false),
        Output = Console.Out,
        Notes = Console.Error,
    };
}
