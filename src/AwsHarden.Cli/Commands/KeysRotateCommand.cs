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
        [Description("Journal file (default awsharden-journal-TIMESTAMP.jsonl here)")]
        public string? Journal { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        FixCli.CheckJournal(settings.Journal);
        SecretHandOver.CheckFile(settings.SecretFile);
        FixCli.RequireConfirmable(settings.Yes);
        var handOver = SecretHandOver.Choose(settings.SecretFile);
        using var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        var executor = new AwsStepExecutor(session) { HandOverAccessKey = handOver };
        var keys = await CredentialPlans.ReadKeysAsync(executor, settings.User, ct);
        var create = CredentialPlans.Rotate(settings.User, keys, TimeProvider.System);

        var journal = settings.Journal ?? FixApplyRunner.DefaultJournalPath(TimeProvider.System);
        var run = FixCli.Context(session, journal, null, settings.Yes) with
        {
            Executor = executor,
        };
        var created = await FixApplyRunner.RunAsync(create, run, ct);
        if (created is not { Completed: true })
            return created is null ? ExitCodes.Ok : ExitCodes.Findings;

        var old = keys.Where(k => k.IsActive).ToList();
        if (old.Count == 0)
            return ExitCodes.Ok;
        var retire = CredentialPlans.Retire(settings.User, old, TimeProvider.System);
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
