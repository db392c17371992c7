using System.Globalization;
using System.Text;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>
/// The Athena table over an organization trail's bucket, partitioned by account, region and day with partition
/// projection, so no partition is ever loaded or repaired: Athena computes the S3 folders from the query's
/// predicates on <c>account</c>, <c>region</c> and <c>date</c>.
/// </summary>
public sealed record AthenaTrailTable
{
    /// <summary>Commercial regions a trail may log, for the projection's region enum.</summary>
    public static readonly IReadOnlyList<string> AllRegions =
    [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
        "ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1",
        "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1",
        "us-west-2",
    ];

    public required string Database { get; init; }
    public required string Table { get; init; }
    /// <summary><c>s3://BUCKET[/PREFIX]</c>: the folder that holds <c>AWSLogs/</c>.</summary>
    public required string BucketUri { get; init; }
    /// <summary>The organization id (<c>o-…</c>), or null for a single-account trail.</summary>
    public string? OrganizationId { get; init; }
    public required IReadOnlyList<string> Accounts { get; init; }
    public IReadOnlyList<string> Regions { get; init; } = AllRegions;
    /// <summary>The first day of the projected range; the range ends today (NOW).</summary>
    public DateOnly FirstDay { get; init; } = new(2020, 1, 1);

    /// <summary>Parses <c>DATABASE.TABLE</c>; both parts lower-case letters, digits and '_'.</summary>
    public static (string Database, string Table) ParseName(string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 2 || !parts.All(IsIdentifier))
        {
            throw new UserErrorException($"'{name}' is not DATABASE.TABLE.",
                "use letters, digits and '_' only, e.g. security.cloudtrail_org");
        }
        return (parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant());
    }

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The S3 folder template with the three projected partitions.</summary>
    public string LocationTemplate()
    {
        var (bucket, prefix) = TrailBucket.ParseUri(BucketUri);
        var org = OrganizationId is null ? "" : OrganizationId + "/";
        return $"s3://{bucket}/{prefix}AWSLogs/{org}${{account}}/CloudTrail/${{region}}/${{date}}";
    }

    /// <summary>The <c>CREATE EXTERNAL TABLE</c> statement.</summary>
    public string Ddl()
    {
        Validate();
        var (bucket, prefix) = TrailBucket.ParseUri(BucketUri);
        var org = OrganizationId is null ? "" : OrganizationId + "/";
        var sql = new StringBuilder();
        sql.AppendLine(CultureInfo.InvariantCulture, $"CREATE EXTERNAL TABLE IF NOT EXISTS `{Database}`.`{Table}` (");
        sql.AppendLine(string.Join(",\n", Columns.Select(c => "  " + c)));
        sql.AppendLine(")");
        sql.AppendLine("COMMENT 'CloudTrail management and data events, created by awsharden incident athena-ddl'");
        sql.AppendLine("PARTITIONED BY (`account` string, `region` string, `date` string)");
        sql.AppendLine("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'");
        sql.AppendLine("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
        sql.AppendLine("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'");
        sql.AppendLine(CultureInfo.InvariantCulture, $"LOCATION 's3://{bucket}/{prefix}AWSLogs/{org}'");
        sql.AppendLine("TBLPROPERTIES (");
        var properties = new (string, string)[]
        {
            ("projection.enabled", "true"),
            ("projection.account.type", "enum"),
            ("projection.account.values", string.Join(',', Accounts)),
            ("projection.region.type", "enum"),
            ("projection.region.values", string.Join(',', Regions)),
            ("projection.date.type", "date"),
            ("projection.date.format", "yyyy/MM/dd"),
            ("projection.date.range", FirstDay.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + ",NOW"),
            ("projection.date.interval", "1"),
            ("projection.date.interval.unit", "DAYS"),
            ("storage.location.template", LocationTemplate()),
        };
        sql.AppendLine(string.Join(",\n", properties.Select(p => $"  '{p.Item1}'='{p.Item2}'")));
        sql.Append(");");
        return sql.ToString();
    }

    private void Validate()
    {
        ParseName($"{Database}.{Table}");
        if (Accounts.Count == 0 || Accounts.Any(a => a.Length != 12 || !a.All(char.IsAsciiDigit)))
        {
            throw new UserErrorException("The accounts to project are missing or not 12-digit account ids.",
                "give --accounts 111122223333,444455556666 (every account of the organization)");
        }
        if (OrganizationId is { } org && !(org.StartsWith("o-", StringComparison.Ordinal) && org.Length > 2
                                            && org[2..].All(char.IsAsciiLetterOrDigit)))
        {
            throw new UserErrorException($"'{org}' is not an organization id.", "it looks like o-a1b2c3d4e5");
        }
        if (Regions.Any(r => !r.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new UserErrorException("A region name is malformed.", "use names like eu-west-1");
        }
    }

    /// <summary>The record's fields as the JSON SerDe maps them; nested JSON payloads stay strings.</summary>
    private static readonly string[] Columns =
    [
        "eventversion STRING",
        "useridentity STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, "
        + "invokedby: STRING, accesskeyid: STRING, username: STRING, identityprovider: STRING, "
        + "sessioncontext: STRUCT<attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>, "
        + "sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING, "
        + "username: STRING>, sourceidentity: STRING>>",
        "eventtime STRING",
        "eventsource STRING",
        "eventname STRING",
        "awsregion STRING",
        "sourceipaddress STRING",
        "useragent STRING",
        "errorcode STRING",
        "errormessage STRING",
        "requestparameters STRING",
        "responseelements STRING",
        "additionaleventdata STRING",
        "requestid STRING",
        "eventid STRING",
        "readonly STRING",
        "resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>",
        "eventtype STRING",
        "apiversion STRING",
        "recipientaccountid STRING",
        "serviceeventdetails STRING",
        "sharedeventid STRING",
        "vpcendpointid STRING",
        "sessioncredentialfromconsole STRING",
        "tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: STRING>",
    ];
}
