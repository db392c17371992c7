using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden user offboard USER</c>: deactivates the user's access keys and removes the console
/// password, keeping the user, its policies and its history for the record.</summary>
public sealed class UserOffboardCommand : AsyncCommand<UserOffboardCommand.Settings>
{
    public sealed class Settings : AwsSettings
    {
        [CommandArgument(0, "<USER>")]
        [Description("The IAM user who is leaving")]
        public string User { get; init; } = "";

        [CommandOption("--yes")]
        [Description("Apply without asking; needed when stdin is not a terminal")]
        public bool Yes { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("Journal file (default awsharden-journal-YYYYMMDD-HHMMSS.jsonl here, UTC; must be new)")]
        public string? Journal { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        FixCli.CheckJournal(settings.Journal);
        FixCli.RequireConfirmable(settings.Yes);
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        var executor = new AwsStepExecutor(session);
        var keys = await CredentialPlans.ReadKeysAsync(executor, settings.User, ct);
        var ownKey = await session.GetAccessKeyIdAsync(ct);
        if (keys.Any(k => k.IsActive && k.AccessKeyId == ownKey))
        {
            throw new UserErrorException($"{ownKey} of {settings.User} is the key awsharden is running with",
                "offboard with another administrator's credentials (--profile), so this run and its undo keep "
                + "working");
        }

        var password = await executor.ReadStateAsync(new ResourceKey(ResourceTypes.LoginProfile, settings.User), ct);
        var plan = CredentialPlans.Offboard(settings.User, keys, password.Exists, TimeProvider.System);

        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(TimeProvider.System);
        var run = FixCli.Context(session, journal, null, settings.Yes);
        var report = await FixApplyRunner.RunAsync(plan, run, ct);
        return report is { Completed: false } ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
