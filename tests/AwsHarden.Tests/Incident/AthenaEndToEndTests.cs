using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Tests.Cli;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary><c>--athena</c> against the fake's Athena, whose answers come from evaluating the real SQL text over
/// the trail records loaded as a table; and identity providers followed by the Athena and LookupEvents rounds.
/// </summary>
public class AthenaEndToEndTests
{
    private const string Table = "security.cloudtrail_org";
    private const string Day = "--since=2024-08-01T00:00:00Z";
    private const string DayEnd = "--until=2024-08-01T23:59:59Z";

    private static FakeAccount AccountWithTable(IEnumerable<string> records)
    {
        var account = FakeAccounts.Healthy();
        account.Athena.Tables[Table] = [.. records];
        // Pages of five rows: every round's results come over several GetQueryResults calls.
        account.Athena.PageSize = 5;
        return account;
    }

    private static async Task<CliRunner.Result> InvestigateAsync(IReadOnlyDictionary<string, string>? env,
        params string[] args) =>
        await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey, "--format", "json",
            "--offline", .. args], env, timeout: TimeSpan.FromMinutes(3));

    private static List<string> Ids(string json, string list, string field)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty(list).EnumerateArray().Select(n => n.GetProperty(field).GetString()!)];
    }

    [Fact]
    public async Task InvestigateAthena_ExampleTrail_SameLineageAndTimelineAsLogs()
    {
        var expected = await InvestigateAsync(null, "--logs", ExampleTrail.Folder(), Day, DayEnd);
        Assert.True(expected.ExitCode == 0, expected.Stderr);
        await using var server = await FakeAwsServer.StartAsync(
            AccountWithTable(ExampleTrail.Events().Select(e => e.Record)));

        var result = await InvestigateAsync(server.ClientEnvironment(), "--athena", Table, Day, DayEnd,
            "--workgroup", "incident", "--results", "s3://athena-results-111122223333/awsharden/");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Ids(expected.Stdout, "lineage", "id").Order(), Ids(result.Stdout, "lineage", "id").Order());
        Assert.Equal(Ids(expected.Stdout, "timeline", "eventId"), Ids(result.Stdout, "timeline", "eventId"));
        var executions = server.Account.Athena.Executions;
        Assert.True(executions.Count >= 3, $"{executions.Count} rounds");
        Assert.All(executions, e => Assert.Equal(("security", "incident"), (e.Database, e.WorkGroup)));
        Assert.All(executions, e => Assert.Null(e.FailureReason));
        // Polled through QUEUED and RUNNING; the biggest round came back over several pages.
        Assert.All(executions, e => Assert.Equal(3, e.Polls));
        Assert.True(server.Calls.For("athena:GetQueryResults").Count > executions.Count);
    }

    [Fact]
    public async Task InvestigateAthena_QueryFails_OneLineErrorExit2()
    {
        var account = AccountWithTable(ExampleTrail.Events().Select(e => e.Record));
        account.Athena.FailWith = "HIVE_BAD_DATA: Error parsing field value for field 3";
        await using var server = await FakeAwsServer.StartAsync(account);

        var result = await InvestigateAsync(server.ClientEnvironment(), "--athena", Table, Day,
            "--results", "s3://athena-results-111122223333/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("failed: HIVE_BAD_DATA: Error parsing field value for field 3", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    private const string OidcArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    private const string SamlArn = "arn:aws:iam::123456789012:saml-provider/Okta";

    /// <summary>The leaked key creates an OIDC and a SAML provider; later, sessions start through each (by
    /// identities outside the lineage) and launch instances; a web identity session through another provider
    /// stays out.</summary>
    private static JsonObject[] ProviderChain()
    {
        var leaked = User("ci", "AKIAIOSFODNN7EXAMPLE");
        JsonObject Federated(string type, string provider) => new()
        {
            ["type"] = type, ["principalId"] = provider + ":someone", ["userName"] = "someone",
            ["identityProvider"] = provider,
        };
        JsonObject Credentials(string key) => new()
        {
            ["credentials"] = new JsonObject { ["accessKeyId"] = key, ["sessionToken"] = "[redacted]" },
        };
        var role = new JsonObject { ["roleArn"] = "arn:aws:iam::123456789012:role/deploy" };
        return
        [
            Event("2024-08-01T10:00:00Z", "iam", "CreateOpenIDConnectProvider", leaked,
                new JsonObject { ["url"] = "https://token.actions.githubusercontent.com" },
                new JsonObject { ["openIDConnectProviderArn"] = OidcArn }),
            Event("2024-08-01T10:01:00Z", "iam", "CreateSAMLProvider", leaked, new JsonObject { ["name"] = "Okta" },
                new JsonObject { ["sAMLProviderArn"] = SamlArn }),
            Event("2024-08-01T11:00:00Z", "sts", "AssumeRoleWithWebIdentity",
                Federated("WebIdentityUser", "token.actions.githubusercontent.com"), role,
                Credentials("ASIAWEBIDENTITY00001")),
            Event("2024-08-01T11:05:00Z", "sts", "AssumeRoleWithSAML", Federated("SAMLUser", SamlArn),
                new JsonObject { ["roleArn"] = role["roleArn"]!.GetValue<string>(), ["principalArn"] = SamlArn },
                Credentials("ASIASAMLSESSION00001")),
            Event("2024-08-01T11:10:00Z", "sts", "AssumeRoleWithWebIdentity",
                Federated("WebIdentityUser", "accounts.google.com"), role, Credentials("ASIAOTHERPROVIDER001")),
            Event("2024-08-01T12:00:00Z", "ec2", "RunInstances", RoleSession("deploy", "ASIAWEBIDENTITY00001"),
                region: "eu-west-1"),
            Event("2024-08-01T12:05:00Z", "ec2", "RunInstances", RoleSession("deploy", "ASIASAMLSESSION00001")),
            Event("2024-08-01T12:10:00Z", "ec2", "RunInstances", RoleSession("deploy", "ASIAOTHERPROVIDER001")),
        ];
    }

    private static readonly string[] ExpectedProviderLineage =
        ["AKIAIOSFODNN7EXAMPLE", OidcArn, SamlArn, "ASIAWEBIDENTITY00001", "ASIASAMLSESSION00001"];

    private static AwsSession Session(FakeAwsServer server)
    {
        var env = server.ClientEnvironment();
        var caller = server.Account.Caller;
        return AwsSession.Create(new AwsCredentials(caller.AccessKeyId, caller.SecretAccessKey), "us-east-1",
            new AwsSessionSettings { Environment = env.GetValueOrDefault });
    }

    [Fact]
    public async Task AthenaRounds_LineageCreatedProviders_FollowSessionsThroughThemOnly()
    {
        await using var server = await FakeAwsServer.StartAsync(
            AccountWithTable(ProviderChain().Select(e => e.ToJsonString())));
        using var session = Session(server);
        var runner = new AthenaSqlRunner(new AthenaClient(session, "us-east-1"),
            new AthenaQueryPlace("security", null, "s3://results/"), TimeProvider.System)
        { PollInterval = TimeSpan.Zero };

        var (lineage, events, _) = await new AthenaInvestigator(runner).CollectAsync(new AthenaRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAIOSFODNN7EXAMPLE"] }, Database = "security",
            Table = "cloudtrail_org", Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z"),
            Until = DateTimeOffset.Parse("2024-08-01T23:59:59Z"),
        });

        Assert.Equal(ExpectedProviderLineage.Order(), lineage.Nodes.Select(n => n.Id).Order());
        Assert.Equal(2, events.Count(e => e.EventName == "RunInstances"));
        Assert.Contains(server.Account.Athena.Executions, e => e.Sql.Contains("'AssumeRoleWithSAML'"));
    }

    [Fact]
    public async Task LookupRounds_LineageCreatedProviders_FollowSessionsThroughThemOnly()
    {
        var account = FakeAccounts.Healthy();
        account.CloudTrailEvents.AddRange(ProviderChain().Select(e =>
            new FakeCloudTrailEvent(e["awsRegion"]!.GetValue<string>(), e.ToJsonString())));
        await using var server = await FakeAwsServer.StartAsync(account);
        using var session = Session(server);
        var history = new EventHistoryInvestigator(new CloudTrailClient(session), TimeProvider.System);

        var (lineage, events, _) = await history.CollectAsync(new EventHistoryRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAIOSFODNN7EXAMPLE"] }, Regions = ["us-east-1", "eu-west-1"],
            Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z"), Until = DateTimeOffset.Parse("2024-08-01T23:59:59Z"),
            RequestsPerSecond = 1000,
        });

        Assert.Equal(ExpectedProviderLineage.Order(), lineage.Nodes.Select(n => n.Id).Order());
        Assert.Equal(["eu-west-1", "us-east-1"], events.Where(e => e.EventName == "RunInstances")
            .Select(e => e.AwsRegion).Order());
        Assert.Contains(history.Lookups, l => l == ("us-east-1", "EventName", "AssumeRoleWithWebIdentity"));
    }
}
