using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AwsHarden.Incident;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

public partial class AthenaInvestigatorTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z");
    private static readonly DateTimeOffset Until = DateTimeOffset.Parse("2024-08-01T23:59:59Z");

    /// <summary>
    /// Answers the investigation's SQL over the example trail as Athena would: it reads the identity lists of
    /// the WHERE clause (access keys, IAM users, role names) and returns the matching records as rows whose
    /// nested payloads are JSON text, like the JSON SerDe's string columns.
    /// </summary>
    private sealed partial class ExampleTrailRunner : IAthenaQueryRunner
    {
        private readonly List<JsonObject> _records =
            [.. ExampleTrail.Events().Select(e => JsonNode.Parse(e.Record)!.AsObject())];

        public Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> RunAsync(string sql, CancellationToken ct)
        {
            var keys = Values(sql, "useridentity.accesskeyid IN (");
            var users = Values(sql, "useridentity.username IN (");
            var roles = Values(sql, "sessionissuer.arn, '[^/]+$') IN (");
            var assumed = Values(sql, "'$.roleArn'), '[^/]+$') IN (");
            var rows = _records.Where(r =>
                    keys.Contains(S(r, "userIdentity", "accessKeyId"))
                    || (S(r, "userIdentity", "type") == "IAMUser" && users.Contains(S(r, "userIdentity", "userName")))
                    || roles.Contains(Name(S(r, "userIdentity", "sessionContext", "sessionIssuer", "arn")))
                    || (S(r, "eventName")!.StartsWith("AssumeRole") && assumed.Contains(Name(S(r, "requestParameters",
                        "roleArn")))))
                .Select(Row).ToList();
            return Task.FromResult<IReadOnlyList<IReadOnlyDictionary<string, string?>>>(rows);
        }

        private static HashSet<string?> Values(string sql, string marker)
        {
            var at = sql.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return [];
            var list = sql[(at + marker.Length)..sql.IndexOf(')', at + marker.Length)];
            return [.. Literal().Matches(list).Select(m => m.Groups[1].Value.Replace("''", "'"))];
        }

        [GeneratedRegex("'((?:[^']|'')*)'")]
        private static partial Regex Literal();

        private static string? Name(string? arn) => arn?[(arn.LastIndexOf('/') + 1)..];

        private static string? S(JsonNode? node, params string[] path)
        {
            foreach (var p in path) node = node?[p];
            return node is JsonValue v ? v.ToString() : node?.ToJsonString();
        }

        private static Dictionary<string, string?> Row(JsonObject r) => new()
        {
            ["eventtime"] = S(r, "eventTime"), ["eventname"] = S(r, "eventName"),
            ["eventsource"] = S(r, "eventSource"), ["awsregion"] = S(r, "awsRegion"),
            ["sourceipaddress"] = S(r, "sourceIPAddress"), ["useragent"] = S(r, "userAgent"),
            ["errorcode"] = S(r, "errorCode"), ["eventid"] = S(r, "eventID"), ["eventtype"] = S(r, "eventType"),
            ["readonly"] = S(r, "readOnly"), ["recipientaccountid"] = S(r, "recipientAccountId"),
            ["sessioncredentialfromconsole"] = S(r, "sessionCredentialFromConsole"),
            ["identity_type"] = S(r, "userIdentity", "type"), ["identity_arn"] = S(r, "userIdentity", "arn"),
            ["identity_key"] = S(r, "userIdentity", "accessKeyId"),
            ["identity_user"] = S(r, "userIdentity", "userName"),
            ["issuer_arn"] = S(r, "userIdentity", "sessionContext", "sessionIssuer", "arn"),
            ["requestparameters"] = S(r, "requestParameters"), ["responseelements"] = S(r, "responseElements"),
        };
    }

    private static AthenaRequest Request(LineageSeeds seeds) => new()
    {
        Seeds = seeds, Database = "security", Table = "cloudtrail_org", Since = Since, Until = Until,
    };

    [Fact]
    public async Task CollectAsync_ExampleTrail_RoundsFindTheSameLineageAsTheFiles()
    {
        var seeds = new LineageSeeds { AccessKeyIds = [ExampleTrail.LeakedKey] };
        var expected = await new IncidentInvestigator(new FakeTimeProvider(Until)).InvestigateAsync(
            new InvestigationRequest
            {
                Seeds = seeds, LogPaths = [ExampleTrail.Folder()], Since = Since, Until = Until,
            });
        var athena = new AthenaInvestigator(new ExampleTrailRunner());

        var (lineage, events, _) = await athena.CollectAsync(Request(seeds));

        Assert.Equal(expected.Lineage.Select(n => n.Id).Order(), lineage.Nodes.Select(n => n.Id).Order());
        Assert.Equal(expected.Timeline.Select(t => t.EventId), events.Select(e => e.EventId));
        // Round 1 the leaked key; each later round only what the one before added, until nothing is new.
        Assert.True(athena.Queries.Count is >= 3 and <= 5, $"{athena.Queries.Count} rounds");
        Assert.Contains($"IN ('{ExampleTrail.LeakedKey}')", athena.Queries[0]);
        Assert.DoesNotContain(ExampleTrail.LeakedKey, athena.Queries[1]);
        Assert.All(athena.Queries, q => Assert.Contains("\"date\" BETWEEN '2024/08/01' AND '2024/08/02'", q));
        Assert.All(events, e => Assert.DoesNotContain("FwoGZXIvYXdzEXAMPLETOKEN", e.ResponseElements ?? ""));
    }

    [Fact]
    public async Task CollectAsync_UserNameWithQuote_IsEscapedInTheSql()
    {
        var athena = new AthenaInvestigator(new ExampleTrailRunner());

        await athena.CollectAsync(Request(new LineageSeeds { UserName = "o'brien" }));

        var sql = Assert.Single(athena.Queries);
        Assert.Contains("useridentity.username IN ('o''brien')", sql);
        Assert.Contains("FROM \"security\".\"cloudtrail_org\"", sql);
    }

    [Fact]
    public void Ddl_OrganizationTrail_ProjectsAccountRegionAndDate()
    {
        var ddl = new AthenaTrailTable
        {
            Database = "security", Table = "cloudtrail_org", BucketUri = "s3://org-trail/logs",
            OrganizationId = "o-a1b2c3d4e5", Accounts = ["111122223333", "444455556666"],
            Regions = ["us-east-1", "eu-west-1"], FirstDay = new DateOnly(2024, 1, 1),
        }.Ddl();

        Assert.StartsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `security`.`cloudtrail_org` (", ddl);
        Assert.Contains("PARTITIONED BY (`account` string, `region` string, `date` string)", ddl);
        Assert.Contains("'projection.account.values'='111122223333,444455556666'", ddl);
        Assert.Contains("'projection.region.values'='us-east-1,eu-west-1'", ddl);
        Assert.Contains("'projection.date.range'='2024/01/01,NOW'", ddl);
        Assert.Contains("'storage.location.template'="
            + "'s3://org-trail/logs/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${date}'", ddl);
        Assert.Contains("useridentity STRUCT<", ddl);
    }

    [Theory]
    [InlineData("12345", null)]
    [InlineData("111122223333", "org-1")]
    public void Ddl_BadAccountOrOrganization_IsUserError(string account, string? org)
    {
        var table = new AthenaTrailTable
        {
            Database = "d", Table = "t", BucketUri = "s3://b", Accounts = [account], OrganizationId = org,
        };

        Assert.Throws<UserErrorException>(() => table.Ddl());
    }

    [Fact]
    public void ParseName_NotDatabaseDotTable_IsUserError() =>
        Assert.Throws<UserErrorException>(() => AthenaTrailTable.ParseName("a.b;drop"));
}
