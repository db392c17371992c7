using System.ComponentModel;
using AwsHarden.Remediation;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden fix plan</c>: the ordered steps that would fix the audit's findings.</summary>
public sealed class FixPlanCommand : AsyncCommand<FixPlanCommand.Settings>
{
    private readonly TimeProvider time = TimeProvider.System;
    private readonly IAuditSource source = new CliAuditSource(TimeProvider.System);

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--only <IDS>")]
        [Description("Plan only these check ids (comma-separated).")]
        public string[]? Only { get; init; }

        [CommandOption("--snapshot <FILE>")]
        [Description("A snapshot saved by 'awsharden collect -o FILE'.")]
        public string? Snapshot { get; init; }

        [CommandOption("--demo")]
        [Description("Plan for the built-in example account (shown only; fix apply refuses it).")]
        public bool Demo { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("awsharden.yaml with the fix: section.")]
        public string? Config { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("Write the plan as JSON for 'fix apply'.")]
        public string? Output { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("text (default) or json.")]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings,
        CancellationToken cancellationToken)
    {
        var request = new FixPlanRequest
        {
            Only = settings.Only, SnapshotPath = settings.Snapshot, Demo = settings.Demo,
            ConfigPath = settings.Config, OutputPath = settings.Output, Format = settings.Format,
        };
        await new FixPlanRunner(source, time).RunAsync(request, Console.Out, cancellationToken);
        return 0;
    }
}
