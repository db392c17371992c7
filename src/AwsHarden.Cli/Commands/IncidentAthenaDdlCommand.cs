using System.ComponentModel;
using AwsHarden.Incident;
using AwsHarden.Model;
using Spectre.Console.Cli;

namespace AwsHarden.Cli.Commands;

/// <summary>
/// <c>awsharden incident athena-ddl</c>: prints the Athena table over an organization trail's bucket, with
/// partition projection on account, region and day, for investigating at organization scale.
/// </summary>
public sealed class IncidentAthenaDdlCommand : Command<IncidentAthenaDdlCommand.Settings>
{
    /// <summary>Flags of <c>incident athena-ddl</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--bucket <S3_URI>")]
        [Description("The trail bucket and key prefix: s3://BUCKET[[/PREFIX]] (the folder that holds AWSLogs/).")]
        public string? Bucket { get; init; }

        [CommandOption("--org <ORGANIZATION_ID>")]
        [Description("The organization id (o-…) of an organization trail; leave out for a single account's trail.")]
        public string? Organization { get; init; }

        [CommandOption("--accounts <LIST>")]
        [Description("Comma-separated account ids whose logs the table covers.")]
        public string? Accounts { get; init; }

        [CommandOption("--regions <LIST>")]
        [Description("Comma-separated regions (default: every commercial region).")]
        public string? Regions { get; init; }

        [CommandOption("--table <DATABASE.TABLE>")]
        [Description("Where to create the table (default: default.cloudtrail_org).")]
        public string Table { get; init; } = "default.cloudtrail_org";

        [CommandOption("--first-day <DATE>")]
        [Description("The first day of logs to project, as 2024-01-01 (default: 2020-01-01).")]
        public string? FirstDay { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine(ToTable(settings).Ddl());
        return 0;
    }

    internal static AthenaTrailTable ToTable(Settings s)
    {
        if (s.Bucket is null)
        {
            throw new UserErrorException("No trail bucket given.", "give --bucket s3://BUCKET[/PREFIX]");
        }

        // The values go into SQL text: accept only what S3, AWS account ids and region names can be.
        if (!System.Text.RegularExpressions.Regex.IsMatch(s.Bucket,
                @"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*()/-]*)?$"))
        {
            throw new UserErrorException($"--bucket '{s.Bucket}' is not an S3 location",
                "give s3://BUCKET[/PREFIX] with a valid bucket name");
        }

        var regions = s.Regions is null ? AthenaTrailTable.AllRegions : Split(s.Regions);
        if (regions.Count == 0 || regions.Any(r => !RegionName.IsValid(r)))
        {
            throw new UserErrorException($"--regions '{s.Regions}' is not a list of region names",
                "for example: --regions us-east-1,eu-west-1");
        }

        var accounts = Split(s.Accounts);
        if (accounts.Any(a => a.Length != 12 || !a.All(char.IsAsciiDigit)))
        {
            throw new UserErrorException($"--accounts '{s.Accounts}' is not a list of 12-digit account ids");
        }

        var (database, table) = AthenaTrailTable.ParseName(s.Table);
        var first = new DateOnly(2020, 1, 1);
        if (s.FirstDay is not null && !DateOnly.TryParseExact(s.FirstDay, "yyyy-MM-dd", out first))
        {
            throw new UserErrorException($"--first-day '{s.FirstDay}' is not a date.", "write it as 2024-01-01");
        }

        if (first > DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime))
        {
            throw new UserErrorException($"--first-day {s.FirstDay} is in the future");
        }

        return new AthenaTrailTable
        {
            Database = database, Table = table, BucketUri = s.Bucket, OrganizationId = s.Organization,
            Accounts = accounts, Regions = regions,
            FirstDay = first,
        };
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
