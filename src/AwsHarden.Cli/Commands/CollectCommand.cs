using System.ComponentModel;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden collect -o FILE</c>: read the account once and save the snapshot.</summary>
public sealed class CollectCommand : AsyncCommand<CollectCommand.Settings>
{
    public sealed class Settings : CollectSettings
    {
        [CommandOption("-o|--output <FILE>")]
        [Description("Where to write the snapshot (JSON). Required")]
        public string? Output { get; init; }

        public override ValidationResult Validate() => string.IsNullOrWhiteSpace(Output)
            ? ValidationResult.Error("collect needs -o FILE: where to write the snapshot")
            : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        OutputFile.CheckWritable(settings.Output!, "--output");
        var snapshot = await LiveCollection.CollectAsync(settings, ct);
        SnapshotFile.Write(settings.Output!, snapshot);
        Consoles.Err.MarkupLine($"Snapshot of account {snapshot.AccountId} written to " +
                                $"{Markup.Escape(settings.Output!)}; audit it with " +
                                $"'awsharden audit --snapshot {Markup.Escape(settings.Output!)}'");
        return ExitCodes.Ok;
    }
}
