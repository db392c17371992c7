using System.ComponentModel;
using AwsHarden.Audit;
using AwsHarden.Audit.Collect;
using AwsHarden.Audit.Demo;
using AwsHarden.Aws;
using AwsHarden.Config;
using AwsHarden.Model;
using AwsHarden.Reports;
using AwsHarden.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary><c>awsharden audit</c>: collect (or load) a snapshot, run every check, report.</summary>
public sealed class AuditCommand : AsyncCommand<AuditCommand.Settings>
{
    public sealed class Settings : CollectSettings
    {
        [CommandOption("--config <FILE>")]
        [Description("awsharden.yaml: thresholds, shared-login names, severity overrides, suppressions")]
        public string? Config { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default) or json")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        [CommandOption("-o|--output <FILE>")]
        [Description("Write the report to this file instead of stdout")]
        public string? Output { get; init; }

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("Exit 1 when a check of this severity or higher fails: critical, high (default), medium, low")]
        [DefaultValue("high")]
        public string FailOn { get; init; } = "high";

        [CommandOption("--snapshot <FILE>")]
        [Description("Evaluate a snapshot saved by 'awsharden collect'; makes no AWS call")]
        public string? Snapshot { get; init; }

        [CommandOption("--demo")]
        [Description("Evaluate a built-in example of a misconfigured account; needs no AWS account")]
        public bool Demo { get; init; }

        public override ValidationResult Validate()
        {
            foreach (var (name, value) in new[] { ("--format", Format), ("--fail-on", FailOn) })
            {
                if (RegionName.IsMissingValue(value))
                {
                    return ValidationResult.Error($"{name} needs a value");
                }
            }

            if (base.Validate() is { Successful: false } inherited)
            {
                return inherited;
            }

            if (Format.ToLowerInvariant() is not ("table" or "json"))
            {
                return ValidationResult.Error($"--format: '{Format}' is not one of table, json");
            }

            if (!Enum.TryParse<Severity>(FailOn, true, out var s) || s == Severity.Info || int.TryParse(FailOn, out _))
            {
                return ValidationResult.Error($"--fail-on: '{FailOn}' is not one of critical, high, medium, low");
            }

            return Demo && Snapshot is not null
                ? ValidationResult.Error("--demo and --snapshot cannot be used together; choose one")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        if (settings.Output is not null)
        {
            OutputFile.CheckWritable(settings.Output, "--output");
        }

        var catalog = CheckCatalog.All.Select(c => c.Metadata).ToList();
        var config = settings.Config is null
            ? AuditConfig.Default
            : AuditConfigLoader.Load(settings.Config, catalog.Select(m => m.Id).ToHashSet(StringComparer.Ordinal));
        ConfigWarnings.Show(config);

        var snapshot = await LoadSnapshotAsync(settings, ct);
        var result = AuditRunner.Run(snapshot, config, TimeProvider.System);
        var failOn = Enum.Parse<Severity>(settings.FailOn, true);
        var report = AuditReport.Build(snapshot, result.Findings, catalog, failOn, AppInfo.Version);

        ReportOutput.Write(settings.Output, settings.Format.ToLowerInvariant(), report);
        return report.Summary.FailsThreshold ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static async Task<AccountSnapshot> LoadSnapshotAsync(Settings settings, CancellationToken ct)
    {
        if (settings.Demo)
        {
            return OnlyRegions(DemoAccount.Snapshot(), settings.RegionList());
        }

        if (settings.Snapshot is not null)
        {
            return OnlyRegions(SnapshotFile.Read(settings.Snapshot), settings.RegionList());
        }

        return await LiveCollection.CollectAsync(settings, ct);
    }

    // --regions narrows a saved snapshot as it narrows a live collection; a region it never read is an error.
    private static AccountSnapshot OnlyRegions(AccountSnapshot snapshot, IReadOnlyList<string>? regions)
    {
        if (regions is null)
        {
            return snapshot;
        }

        var missing = regions.Where(r => !snapshot.Regions.Contains(r, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new UserErrorException(
                $"--regions: the snapshot holds no data for {string.Join(", ", missing)}",
                $"it holds {string.Join(", ", snapshot.Regions)}");
        }

        return snapshot with { Regions = regions };
    }
}

/// <summary>Collects a live snapshot with progress on stderr; shared by audit and collect.</summary>
internal static class LiveCollection
{
    public static async Task<AccountSnapshot> CollectAsync(CollectSettings settings, CancellationToken ct)
    {
        var regions = settings.RegionList();
        var session = await AwsSession.CreateAsync(new AwsSessionOptions(settings.Profile, settings.Region), ct);
        Consoles.Err.MarkupLine($"[grey]Credentials from {Markup.Escape(session.CredentialSource)}; " +
                                $"home region {Markup.Escape(session.HomeRegion)}[/]");

        var collector = new Collector(session, new CollectorOptions { Regions = regions }, TimeProvider.System);
        var started = TimeProvider.System.GetTimestamp();
        var snapshot = await CollectProgressReporter.RunAsync(p => collector.CollectAsync(p, ct));
        var took = TimeProvider.System.GetElapsedTime(started);

        Consoles.Err.MarkupLine($"[grey]Collected {snapshot.Regions.Count} regions with {session.CallCount} API " +
                                $"calls in {took.TotalSeconds:F1} s; {snapshot.Failures.Count} calls failed[/]");
        return snapshot;
    }
}

/// <summary>Reads and writes snapshot files, turning I/O problems into one-line user errors.</summary>
/// <summary>Says on stderr what in the config no longer does what its author meant.</summary>
internal static class ConfigWarnings
{
    public static void Show(AuditConfig config)
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        foreach (var warning in AuditConfigLoader.Warnings(config, today))
        {
            Consoles.Err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }
    }
}

internal static class SnapshotFile
{
    public static AccountSnapshot Read(string path)
    {
        using var stream = InputFile.OpenRead(path, InputKind.Snapshot);
        return SnapshotJson.Read(stream);
    }

    public static void Write(string path, AccountSnapshot snapshot) => OutputFile.Write(path, s =>
        SnapshotJson.Write(snapshot, s));
}
