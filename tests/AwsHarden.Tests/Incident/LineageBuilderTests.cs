using System.Text.Json.Nodes;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class LineageBuilderTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-08-02T00:00:00Z"));

    private static async Task<InvestigationReport> InvestigateAsync(TempFolder dir, params string[] keys) =>
        await new IncidentInvestigator(Clock).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = keys }, LogPaths = [dir.Path],
        });

    [Fact]
    public async Task InvestigateAsync_SyntheticChainAcrossFiles_FindsEveryLinkInOrder()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        // Out of time order across files and regions, as a real download would be.
        dir.Write("AWSLogs/1/CloudTrail/eu-west-1/2024/08/01/z.json.gz", Gzip(Records(chain[4], chain[5])));
        dir.Write("AWSLogs/1/CloudTrail/us-east-1/2024/08/01/a.json.gz", Gzip(Records(chain[3], chain[2])));
        dir.Write("AWSLogs/1/CloudTrail/us-east-1/2024/08/01/b.json.gz", Gzip(Records(chain[1], chain[0])));

        var report = await InvestigateAsync(dir, "AKIAAAAAAAAAAAAAAAAA");

        Assert.Equal(["AKIAAAAAAAAAAAAAAAAA", "user/evil", "AKIABBBBBBBBBBBBBBBB", "ASIACCCCCCCCCCCCCCCC"],
            report.Lineage.Select(n => n.Id));
        Assert.Equal("AKIAAAAAAAAAAAAAAAAA", report.Lineage.Single(n => n.Id == "user/evil").ParentId);
        Assert.Equal("AKIAAAAAAAAAAAAAAAAA", report.Lineage.Single(n => n.Id == "AKIABBBBBBBBBBBBBBBB").ParentId);
        Assert.Equal("AKIABBBBBBBBBBBBBBBB", report.Lineage.Single(n => n.Id == "ASIACCCCCCCCCCCCCCCC").ParentId);
        Assert.Equal(["CreateUser", "CreateAccessKey", "AssumeRole", "RunInstances", "RunInstances"],
            report.Timeline.Select(t => t.EventName));
        Assert.Equal(["eu-west-1", "us-east-1"],
            report.Credentials.Single(c => c.Credential == "ASIACCCCCCCCCCCCCCCC").Regions);
        Assert.DoesNotContain(report.Timeline, t => t.EventName == "DescribeInstances");
    }

    [Fact]
    public void Build_CreateAccessKeyForCreatedUser_KeyHangsUnderTheCaller()
    {
        var chain = Chain();

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, Parse(chain));

        var key = graph.Find("AKIABBBBBBBBBBBBBBBB");
        Assert.NotNull(key);
        Assert.Equal("AKIAAAAAAAAAAAAAAAAA", key.ParentId);
        Assert.Equal("evil", key.Owner);
        Assert.Equal("CreateAccessKey", key.DerivedBy!.EventName);
    }

    [Fact]
    public void Build_FailedCalls_DeriveNothing()
    {
        var attacker = User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var events = new[]
        {
            Event("2024-08-01T10:00:00Z", "iam", "CreateUser", attacker, new JsonObject { ["userName"] = "x" },
                error: "AccessDenied"),
            Event("2024-08-01T10:01:00Z", "sts", "AssumeRole", attacker,
                new JsonObject { ["roleArn"] = "arn:aws:iam::1:role/r" }, error: "AccessDenied"),
        };

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, Parse(events));

        Assert.Single(graph.Nodes);
    }

    [Fact]
    public void Build_PasswordThenConsoleLogin_SignInBelongsToLineage()
    {
        var attacker = User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var login = Event("2024-08-01T10:05:00Z", "signin", "ConsoleLogin", User("bob", null), null,
            new JsonObject { ["ConsoleLogin"] = "Success" });
        var earlierLogin = Event("2024-08-01T09:00:00Z", "signin", "ConsoleLogin", User("bob", null), null,
            new JsonObject { ["ConsoleLogin"] = "Success" });
        var events = Parse(
        [
            Event("2024-08-01T10:00:00Z", "iam", "UpdateLoginProfile", attacker,
                new JsonObject { ["userName"] = "bob" }),
            login, earlierLogin,
        ]);

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        Assert.Equal(LineageNodeKind.ConsolePassword, graph.Find("console/bob")!.Kind);
        Assert.Equal("console/bob", graph.Attribute(events.Single(e => e.EventTime.Hour == 10 && e.EventName ==
            "ConsoleLogin"))!.Id);
        Assert.Null(graph.Attribute(events.Single(e => e.EventTime.Hour == 9)));
    }

    [Fact]
    public void Build_LeakedSessionKeyIssuedOutsideLineage_SeedRecordsItsIssuerButDerivesNothing()
    {
        var issuer = User("ops", "AKIAOPSOPSOPSOPSOPSO");
        var session = RoleSession("deploy", "ASIALEAKEDLEAKEDLEAK");
        var events = Parse(
        [
            Event("2024-08-01T09:00:00Z", "sts", "AssumeRole", issuer,
                new JsonObject { ["roleArn"] = $"arn:aws:iam::{Account}:role/deploy" },
                new JsonObject
                {
                    ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIALEAKEDLEAKEDLEAK" },
                    ["assumedRoleUser"] = new JsonObject { ["arn"] = $"arn:aws:sts::{Account}:assumed-role/deploy/ci" },
                }),
            Event("2024-08-01T09:05:00Z", "ec2", "RunInstances", session),
        ]);

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["ASIALEAKEDLEAKEDLEAK"] }, events);

        var seed = Assert.Single(graph.Nodes);
        Assert.True(seed.IsSeed);
        Assert.Null(seed.ParentId);
        Assert.Equal("AssumeRole", seed.DerivedBy!.EventName);
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/deploy/ci", seed.Owner);
        Assert.Null(graph.Find("AKIAOPSOPSOPSOPSOPSO"));
        Assert.EndsWith($"— AssumeRole at 2024-08-01 09:00:00Z by arn:aws:iam::{Account}:user/ops (starting point)",
            InvestigationMarkdownWriter.Describe(seed, s => s));
    }

    [Fact]
    public async Task InvestigateAsync_LeakedSessionKeyWithoutIssuingCall_ShownAsItsRoleSession()
    {
        // An instance role's session taken through SSRF: the logs hold its use, not the call that issued it.
        using var dir = new TempFolder();
        dir.Write("AWSLogs/1/CloudTrail/us-east-1/2024/08/01/a.json.gz", Gzip(Records(
            Event("2024-08-01T09:05:00Z", "s3", "ListBuckets", RoleSession("web", "ASIASTOLENSTOLENSTOL")))));

        var report = await InvestigateAsync(dir, "ASIASTOLENSTOLENSTOL");

        var seed = Assert.Single(report.Lineage);
        Assert.Null(seed.DerivedBy);
        Assert.Contains(":assumed-role/web/", seed.Owner);
    }

    [Fact]
    public void Build_RoleCreatedThenAssumedByOutsider_SessionIsInLineage()
    {
        var attacker = User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var outsider = new JsonObject { ["type"] = "AWSAccount", ["accountId"] = "999999999999" };
        var events = Parse(
        [
            Event("2024-08-01T10:00:00Z", "iam", "CreateRole", attacker, new JsonObject { ["roleName"] = "door" },
                new JsonObject { ["role"] = new JsonObject { ["arn"] = $"arn:aws:iam::{Account}:role/door" } }),
            Event("2024-08-01T11:00:00Z", "sts", "AssumeRole", outsider,
                new JsonObject { ["roleArn"] = $"arn:aws:iam::{Account}:role/door" },
                new JsonObject { ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIAOUTSIDEROUTSIDER" } }),
        ]);

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, events);

        Assert.Equal($"arn:aws:iam::{Account}:role/door", graph.Find("ASIAOUTSIDEROUTSIDER")!.ParentId);
    }

    [Fact]
    public void Build_FederationTokenFromRoot_IsMarkedIssuedByRoot()
    {
        var root = new JsonObject
        {
            ["type"] = "Root", ["arn"] = $"arn:aws:iam::{Account}:root", ["accessKeyId"] = "AKIAROOTROOTROOTROOT",
        };
        var events = Parse(
        [
            Event("2024-08-01T10:00:00Z", "sts", "GetFederationToken", root, new JsonObject { ["name"] = "f" },
                new JsonObject { ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIAFEDFEDFEDFEDFEDF" } }),
        ]);

        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAROOTROOTROOTROOT"] }, events);

        Assert.True(graph.Find("ASIAFEDFEDFEDFEDFEDF")!.IssuedByRoot);
    }

    /// <summary>Turns fixture records into events through the real reader's parser.</summary>
    internal static List<CloudTrailEvent> Parse(IEnumerable<JsonObject> records)
    {
        using var dir = new TempFolder();
        var path = dir.Write("records.json", Records([.. records]));
        var reader = new CloudTrailReader();
        return [.. reader.ReadAsync([path]).ToBlockingEnumerable()];
    }
}

public class ActorScanTests
{
    [Fact]
    public async Task InvestigateAsync_NestedEventNameKey_StillFindsTopLevelDerivation()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        // A payload with its own "eventName" key (as EventBridge rules carry) must not fool the byte search.
        var decoy = Event("2024-08-01T09:00:00Z", "events", "PutRule", User("alice", "AKIADDDDDDDDDDDDDDDD"),
            new JsonObject { ["eventPattern"] = new JsonObject { ["eventName"] = "CreateUser" } });
        var created = chain[1].DeepClone().AsObject();
        created["requestParameters"]!["nested"] = new JsonObject { ["eventName"] = "Describe" };
        dir.Write("a.json", Records(decoy, chain[0], created, chain[2], chain[3]));

        var report = await new IncidentInvestigator(new Microsoft.Extensions.Time.Testing.FakeTimeProvider())
            .InvestigateAsync(new InvestigationRequest
            {
                Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, LogPaths = [dir.Path],
            });

        Assert.Contains(report.Lineage, n => n.Id == "ASIACCCCCCCCCCCCCCCC");
        Assert.Equal(5, report.Read.EventsRead);
        Assert.DoesNotContain(report.Timeline, t => t.EventName == "PutRule");
    }
}
