using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AwsHarden.FakeAws;
using static AwsHarden.Tests.FakeAws.FakeAwsServerTests;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>IAM reads over the wire: authorization details paging, the credential report and the settings.</summary>
public class IamServiceTests
{
    private const string Version = "2010-05-08";

    [Fact]
    public async Task GetAccountAuthorizationDetails_MaxItems100_PagesThroughEveryEntity()
    {
        var account = FakeAccounts.Large(users: 250, roles: 40, regions: 1);
        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new SignedClient(server);

        var users = new List<string>();
        var roles = new List<string>();
        var policies = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            (string, string)[] args = marker is null
                ? [("MaxItems", "100")]
                : [("MaxItems", "100"), ("Marker", marker)];
            var result = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountAuthorizationDetails", Version,
                args);
            users.AddRange(Names(result, "UserDetailList", "UserName"));
            roles.AddRange(Names(result, "RoleDetailList", "RoleName"));
            policies.AddRange(Names(result, "Policies", "PolicyName"));
            marker = Value(result, "IsTruncated") == "true" ? Value(result, "Marker") : null;
            pages++;
        }
        while (marker is not null);

        Assert.Equal(account.Iam.Users.Select(u => u.Name), users);
        Assert.Equal(account.Iam.Roles.Select(r => r.Name), roles);
        Assert.Equal(policies.Distinct().Count(), policies.Count);
        Assert.True(pages >= 3, $"{pages} pages");
    }

    [Fact]
    public async Task GetAccountAuthorizationDetails_PolicyDocuments_AreUrlEncodedJson()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountAuthorizationDetails", Version);

        var deploy = result.Descendants().Single(e => e.Name.LocalName == "UserName" && e.Value == "deploy").Parent!;
        var encoded = Value(deploy, "PolicyDocument");
        Assert.StartsWith("%7B", encoded);
        using var document = JsonDocument.Parse(Uri.UnescapeDataString(encoded));
        Assert.Equal("*", document.RootElement.GetProperty("Statement")[0].GetProperty("Action").GetString());
        var admin = result.Descendants().Single(e => e.Name.LocalName == "PolicyName" && e.Value ==
            "AdministratorAccess" && e.Parent!.Parent!.Name.LocalName == "Policies").Parent!;
        Assert.Equal("4", Value(admin, "AttachmentCount"));
    }

    [Fact]
    public async Task GetAccountAuthorizationDetails_FilterRole_ReturnsRolesWithInstanceProfiles()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountAuthorizationDetails", Version,
            ("Filter.member.1", "Role"));

        Assert.Empty(Names(result, "UserDetailList", "UserName"));
        Assert.Equal(["app-server"], Names(result, "RoleDetailList", "RoleName"));
        Assert.Equal("arn:aws:iam::123456789012:instance-profile/app-server",
            Value(result.Descendants().Single(e => e.Name.LocalName == "InstanceProfileList"), "Arn"));
    }

    [Fact]
    public async Task CredentialReport_GenerateThenGet_ReturnsAwsCsvLayout()
    {
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured(now),
            new FakeAwsOptions { Time = clock });
        using var client = new SignedClient(server, time: clock);

        using var early = await client.QueryAsync("iam", "us-east-1", "GetCredentialReport", Version);
        var first = await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);
        var second = await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);
        var report = await client.QueryXmlAsync("iam", "us-east-1", "GetCredentialReport", Version);

        Assert.Equal((HttpStatusCode.Gone, "ReportNotPresent"), (early.StatusCode, (await ErrorOf(early)).Code));
        Assert.Equal(("STARTED", "COMPLETE"), (Value(first, "State"), Value(second, "State")));
        Assert.Equal("text/csv", Value(report, "ReportFormat"));
        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(Value(report, "Content"))).Split('\n');
        Assert.Equal(ExpectedHeader, lines[0]);
        Assert.Equal(server.Account.Iam.Users.Count + 2, lines.Length);
        var root = lines[1].Split(',');
        Assert.Equal(["<root_account>", "arn:aws:iam::123456789012:root"], root[..2]);
        Assert.Equal(("not_supported", "false", "true"), (root[3], root[7], root[8]));
        var neverUsed = lines.Single(l => l.StartsWith("dev-team,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("true", "no_information", "false"), (neverUsed[3], neverUsed[4], neverUsed[7]));
        var deploy = lines.Single(l => l.StartsWith("deploy,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("false", "N/A", "true"), (deploy[3], deploy[4], deploy[8]));
        Assert.Equal(now.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'"), deploy[10]);
    }

    [Fact]
    public async Task CredentialReport_InProgressPolls_AnswersReportInProgressUntilComplete()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy(),
            new FakeAwsOptions { CredentialReportInProgressPolls = 1 });
        using var client = new SignedClient(server);

        await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);
        using var notReady = await client.QueryAsync("iam", "us-east-1", "GetCredentialReport", Version);
        var polled = await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);
        var done = await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);

        var error = await ErrorOf(notReady);
        Assert.Equal((HttpStatusCode.NotFound, "ReportInProgress"), (notReady.StatusCode, error.Code));
        Assert.Equal(("INPROGRESS", "COMPLETE"), (Value(polled, "State"), Value(done, "State")));
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_NoPolicy_AnswersNoSuchEntity()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.QueryAsync("iam", "us-east-1", "GetAccountPasswordPolicy", Version);

        var error = await ErrorOf(response);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchEntity"), (response.StatusCode, error.Code));
        Assert.Contains("123456789012", error.Message);
    }

    [Fact]
    public async Task UpdateAccountPasswordPolicy_ThenGet_ReturnsWhatWasSet()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        await client.QueryXmlAsync("iam", "us-east-1", "UpdateAccountPasswordPolicy", Version,
            ("MinimumPasswordLength", "14"), ("RequireSymbols", "true"), ("PasswordReusePrevention", "24"));
        var policy = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountPasswordPolicy", Version);

        Assert.Equal(("14", "true", "false", "24"), (Value(policy, "MinimumPasswordLength"),
            Value(policy, "RequireSymbols"), Value(policy, "RequireNumbers"),
            Value(policy, "PasswordReusePrevention")));
    }

    [Fact]
    public async Task GetAccountSummary_Healthy_ReportsRootMfaAndNoRootKeys()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountSummary", Version);

        var map = result.Descendants().Where(e => e.Name.LocalName == "entry")
            .ToDictionary(e => Value(e, "key"), e => long.Parse(Value(e, "value")));
        Assert.Equal((1, 0, 4), (map["AccountMFAEnabled"], map["AccountAccessKeysPresent"], map["Users"]));
    }

    [Fact]
    public async Task ListVirtualMfaDevices_HealthyRootUsesHardware_ListsOnlyUserDevices()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("iam", "us-east-1", "ListVirtualMFADevices", Version);

        var serials = result.Descendants().Where(e => e.Name.LocalName == "SerialNumber").Select(e => e.Value);
        Assert.Equal(["arn:aws:iam::123456789012:mfa/alice", "arn:aws:iam::123456789012:mfa/bob"], serials);
        Assert.DoesNotContain(result.Descendants(), e => e.Name.LocalName == "Arn" && e.Value.EndsWith(":root"));
    }

    [SkippableTheory]
    [InlineData("example-authz-details.json")]
    [InlineData("example_authz_v2.json")]
    public async Task GetAccountAuthorizationDetails_CloudsplainingExport_RoundTripsEntitiesAndDocuments(string file)
    {
        var folder = LookupEventsTests.CorpusFolder("iam", "cloudsplaining");
        Skip.If(folder is null, "shared corpus not found at ../shared/corpus");
        var export = JsonNode.Parse(File.ReadAllText(Path.Combine(folder!, file)))!;
        await using var server = await FakeAwsServer.StartAsync(
            FakeAccounts.FromAuthorizationDetails(export.ToJsonString()));
        using var client = new SignedClient(server);

        var result = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountAuthorizationDetails", Version,
            ("MaxItems", "1000"));

        Assert.Equal(export["UserDetailList"]!.AsArray().Select(u => (string?)u!["UserName"]),
            Names(result, "UserDetailList", "UserName"));
        Assert.Equal(export["RoleDetailList"]!.AsArray().Select(r => (string?)r!["RoleName"]),
            Names(result, "RoleDetailList", "RoleName"));
        var firstRole = export["RoleDetailList"]![0]!;
        var served = result.Descendants().First(e => e.Name.LocalName == "AssumeRolePolicyDocument").Value;
        Assert.True(JsonNode.DeepEquals(firstRole["AssumeRolePolicyDocument"],
            JsonNode.Parse(Uri.UnescapeDataString(served))));
    }

    [Fact]
    public async Task UpdateAccessKeyAndDeleteLoginProfile_Containment_ShowsInCredentialReport()
    {
        var account = FakeAccounts.Misconfigured();
        var leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new SignedClient(server);

        await client.QueryXmlAsync("iam", "us-east-1", "UpdateAccessKey", Version,
            ("UserName", "deploy"), ("AccessKeyId", leaked), ("Status", "Inactive"));
        await client.QueryXmlAsync("iam", "us-east-1", "DeleteLoginProfile", Version, ("UserName", "admin"));
        using var again = await client.QueryAsync("iam", "us-east-1", "DeleteLoginProfile", Version,
            ("UserName", "admin"));
        await client.QueryXmlAsync("iam", "us-east-1", "GenerateCredentialReport", Version);
        var report = await client.QueryXmlAsync("iam", "us-east-1", "GetCredentialReport", Version);

        Assert.Equal("NoSuchEntity", (await ErrorOf(again)).Code);
        var lines = Encoding.UTF8.GetString(Convert.FromBase64String(Value(report, "Content"))).Split('\n');
        Assert.Equal("false", lines.Single(l => l.StartsWith("deploy,", StringComparison.Ordinal)).Split(',')[8]);
        Assert.Equal("false", lines.Single(l => l.StartsWith("admin,", StringComparison.Ordinal)).Split(',')[3]);
    }

    [Fact]
    public async Task PutGetDeleteRolePolicy_InlineDeny_StoredServedUrlEncodedThenGone()
    {
        var account = FakeAccounts.Misconfigured();
        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new SignedClient(server);
        const string document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"*\",\"Resource\":\"*\"}]}";

        await client.QueryXmlAsync("iam", "us-east-1", "PutRolePolicy", Version, ("RoleName", "ec2-admin"),
            ("PolicyName", "deny"), ("PolicyDocument", document));
        var served = await client.QueryXmlAsync("iam", "us-east-1", "GetRolePolicy", Version,
            ("RoleName", "ec2-admin"), ("PolicyName", "deny"));
        await client.QueryXmlAsync("iam", "us-east-1", "DeleteRolePolicy", Version, ("RoleName", "ec2-admin"),
            ("PolicyName", "deny"));
        using var gone = await client.QueryAsync("iam", "us-east-1", "GetRolePolicy", Version,
            ("RoleName", "ec2-admin"), ("PolicyName", "deny"));
        using var malformed = await client.QueryAsync("iam", "us-east-1", "PutUserPolicy", Version,
            ("UserName", "deploy"), ("PolicyName", "x"), ("PolicyDocument", "{not json"));

        Assert.Equal(Uri.EscapeDataString(document), Value(served, "PolicyDocument"));
        Assert.Equal("NoSuchEntity", (await ErrorOf(gone)).Code);
        Assert.Equal("MalformedPolicyDocument", (await ErrorOf(malformed)).Code);
    }

    private const string ExpectedHeader =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed," +
        "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated," +
        "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
        "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated," +
        "cert_2_active,cert_2_last_rotated";

    private static IEnumerable<string> Names(XElement result, string list, string field) => result.Descendants()
        .Where(e => e.Name.LocalName == list)
        .SelectMany(l => l.Elements().Select(m => m.Elements().First(e => e.Name.LocalName == field).Value));
}
