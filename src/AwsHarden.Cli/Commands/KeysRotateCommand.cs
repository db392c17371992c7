using System.ComponentModel;
using AwsHarden.Aws;
using AwsHarden.Model;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden keys rotate USER</c>: creates a new access key, hands its secret over once, then
/// (after confirmation) deactivates the old key. Both steps go in one journal that 'fix undo' reverts.</summary>
public sealed class KeysRotateCommand : AsyncCommand<KeysRotateCommand.Settings>
{
    public sealed class Settings : AwsSettings
    {
        [CommandArgument(0, "<USER>")]
        [Description("The IAM user whose key to rotate")]
        public string User { get; init; } = "";

        [CommandOption("--secret-file <FILE>")]
        [Description("Write the new key to this new file, readable by you only (mode 0600); without it the "
                     + "secret is shown on the terminal once")]
        public string? SecretFile { get; init; }

        [CommandOption("--yes")]
        [Description("Create the new key and deactivate the old one without asking")]
        public bool Yes { get; init; }

        [CommandOption("--journal <FILE>")]
        [Description("Journal file (default awsharden-journal-YYYYMMDD-HHMMSS.jsonl here, UTC; must be new)")]
        public string? Journal { get; init; }

        [CommandOption("--deactivate-old")]
        [Description("Create nothing; deactivate the user's active keys except the newest. The second half of "
                     + "rotating the key awsharden itself runs with, once your profile uses the new key")]
        public bool DeactivateOld { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        FixCli.CheckJournal(settings.Journal);
        SecretHandOver.CheckFile(settings.SecretFile);
        FixCli.RequireConfirmable(settings.Yes);
        var handOver = settings.DeactivateOld ? null : SecretHandOver.Choose(settings.SecretFile);
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        var executor = new AwsStepExecutor(session) { HandOverAccessKey = handOver };
        var keys = await CredentialPlans.ReadKeysAsync(executor, settings.User, ct);
        var ownKey = await session.GetAccessKeyIdAsync(ct);
        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(TimeProvider.System);
        var run = FixCli.Context(session, journal, null, settings.Yes) with { Executor = executor };
        if (settings.DeactivateOld)
            return await DeactivateOldAsync(settings.User, keys, ownKey, run, ct);

        var create = CredentialPlans.Rotate(settings.User, keys, TimeProvider.System);
        var created = await FixApplyRunner.RunAsync(create, run, ct);
        if (created is not { Completed: true })
            return created is null ? ExitCodes.Ok : ExitCodes.Findings;

        var old = keys.Where(k => k.IsActive).ToList();
        if (old.Count == 0)
            return ExitCodes.Ok;
        if (old.Any(k => k.AccessKeyId == ownKey))
        {
            // Deactivating the key this run signs with locks the profile out, 'fix undo' of this journal too.
            await Console.Error.WriteLineAsync($"Not deactivating {ownKey} now: it is the key awsharden is running "
                + $"with. Put the new key in your profile, then run 'awsharden keys rotate {settings.User} "
                + "--deactivate-old'.");
            return ExitCodes.Ok;
        }

        return await RetireAsync(settings.User, old, run, ct);
    }

    private static async Task<int> DeactivateOldAsync(string user, IReadOnlyList<UserAccessKey> keys, string ownKey,
        FixApplyContext run, CancellationToken ct)
    {
        var active = keys.Where(k => k.IsActive).OrderBy(k => k.CreateDate, StringComparer.Ordinal).ToList();
        if (active.Count < 2)
        {
            await Console.Error.WriteLineAsync($"Nothing to deactivate: {user} has {active.Count} active key(s), "
                + "and --deactivate-old keeps the newest.");
            return ExitCodes.Ok;
        }

        var newest = active[^1];
        if (newest.AccessKeyId != ownKey && active.Any(k => k.AccessKeyId == ownKey))
        {
            throw new UserErrorException($"awsharden is running with {ownKey}, one of the keys to deactivate",
                $"put the newest key of {user} ({newest.AccessKeyId}) in your profile, then run this again");
        }

        return await RetireAsync(user, active[..^1], run, ct);
    }

    private static async Task<int> RetireAsync(string user, IReadOnlyList<UserAccessKey> old, FixApplyContext run,
        CancellationToken ct)
    {
        var retire = CredentialPlans.Retire(user, old, TimeProvider.System);
        var retired = await FixApplyRunner.RunAsync(retire, run with
        {
            Confirm = run.Confirm is null ? null : _ => run.Confirm(
                "Deactivate the old key now? Answer yes once everything uses the new key."),
        }, ct);
        return retired is { Completed: false } ? ExitCodes.Findings : ExitCodes.Ok;
    }
}

/// <summary>Where a new secret goes: a new file readable by its owner only, or the terminal; never a pipe, a
/// log or the journal.</summary>
internal static class SecretHandOver
{
    /// <summary>The new key's secret exists once: a file that cannot be written must stop the run before the key
    /// is created, or the key would be left active with nobody holding its secret.</summary>
    public static void CheckFile(string? file)
    {
        if (file is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(file) || Directory.Exists(file) || File.Exists(file))
        {
            throw new UserErrorException($"--secret-file must name a new file, not '{file}'",
                "choose a path that does not exist yet; awsharden creates it readable by you only");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new UserErrorException($"--secret-file '{file}': the folder '{folder}' does not exist",
                "create it first or choose another path");
        }
    }

    public static Func<NewAccessKey, CancellationToken, Task> Choose(string? file)
    {
        if (file is not null)
        {
            if (File.Exists(file))
                throw new UserErrorException($"'{file}' exists", "give --secret-file a path that does not exist yet");
            return (key, ct) => ToFileAsync(file, key, ct);
        }

        if (Console.IsOutputRedirected)
        {
            throw new UserErrorException("the new secret would go into a pipe or file without protection",
                "pass --secret-file FILE (created with mode 0600), or run on a terminal");
        }

        return (key, _) =>
        {
            Console.Out.WriteLine($"New access key for {key.UserName}: {key.AccessKeyId}");
            Console.Out.WriteLine($"Secret access key (shown once, store it now): {key.SecretAccessKey}");
            return Task.CompletedTask;
        };
    }

    private static async Task ToFileAsync(string path, NewAccessKey key, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync($"[{key.UserName}]\naws_access_key_id = {key.AccessKeyId}\n"
            + $"aws_secret_access_key = {key.SecretAccessKey}\n");
        Console.Error.WriteLine($"The new key {key.AccessKeyId} is in {path} (readable by you only).");
    }
}
