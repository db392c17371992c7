using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.FakeAws;

/// <summary>The server end to end: the official SDK clients and hand-signed requests over real HTTP.</summary>
public class FakeAwsServerTests
{
    private const string IamVersion = "2010-05-08";

    [Fact]
    public async Task GetCallerIdentity_OfficialStsClient_ReturnsAccountCaller()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var sts = StsClient(server);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(("123456789012", "arn:aws:iam::123456789012:user/auditor"), (identity.Account, identity.Arn));
        Assert.Equal(server.Account.Iam.FindUser("auditor")!.UserId, identity.UserId);
        Assert.Equal(new FakeCall("sts", "GetCallerIdentity", "us-east-1", "sts:GetCallerIdentity", 200),
            Assert.Single(server.Calls.Snapshot()));
    }

    [Fact]
    public async Task DescribeRegions_OfficialEc2Client_ListsEnabledRegionsOnly()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var ec2 = Ec2Client(server, "eu-west-1");

        var regions = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest());
        var all = await ec2.DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = true });

        Assert.Equal(FakeAccount.DefaultRegions.Order(), regions.Regions.Select(r => r.RegionName).Order());
        Assert.Contains(all.Regions, r => r.RegionName == "af-south-1" && r.OptInStatus == "not-opted-in");
    }

    [Fact]
    public async Task DescribeInstances_OfficialPaginator_WalksEveryPage()
    {
        var account = FakeAccounts.Large(users: 1, roles: 1, regions: 2);
        await using var server = await FakeAwsServer.StartAsync(account);
        using var ec2 = Ec2Client(server, "us-east-1");

        var instances = new List<Instance>();
        await foreach (var reservation in ec2.Paginators
                           .DescribeInstances(new DescribeInstancesRequest { MaxResults = 5 }).Reservations)
        {
            instances.AddRange(reservation.Instances);
        }

        var expected = account.Instances.Where(i => i.Region == "us-east-1").Select(i => i.InstanceId).Order();
        Assert.Equal(expected, instances.Select(i => i.InstanceId).Order());
        Assert.True(server.Calls.For("ec2:DescribeInstances").Count >= 2);
        Assert.All(instances.Where(i => i.State.Name == InstanceStateName.Running),
            i => Assert.EndsWith(":instance-profile/app-server", i.IamInstanceProfile.Arn));
    }

    [Fact]
    public async Task Request_SignedWithWrongSecret_RejectedWithSignatureDoesNotMatch()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server) { SecretOverride = "not-the-secret" };

        using var response = await client.QueryAsync("iam", "us-east-1", "GetAccountSummary", IamVersion);

        var error = await ErrorOf(response);
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), (response.StatusCode, error.Code));
        Assert.Equal("https://iam.amazonaws.com/doc/2010-05-08/", error.Namespace);
    }

    [Fact]
    public async Task Request_OfficialClientWithWrongSecret_ThrowsSignatureError()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var sts = StsClient(server, new FakeCredential(FakeAccount.DefaultAccessKeyId, "wrong", "", ""));

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(
            () => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task Request_UnknownAccessKey_RejectedWithInvalidClientTokenId()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var stranger = new FakeCredential("AKIAUNKNOWNKEY000000", "secret", "arn:aws:iam::1:user/x", "AIDA");
        using var client = new SignedClient(server, stranger);

        using var response = await client.QueryAsync("sts", "us-east-1", "GetCallerIdentity", "2011-06-15");

        Assert.Equal("InvalidClientTokenId", (await ErrorOf(response)).Code);
    }

    [Fact]
    public async Task Request_SessionCredentialWithoutToken_Rejected()
    {
        var account = FakeAccounts.Healthy();
        var session = new FakeCredential("ASIAEXAMPLESESSION01", "session-secret",
            "arn:aws:sts::123456789012:assumed-role/audit/s1", "AROAEXAMPLE:s1", "session-token-value");
        account.OtherCredentials.Add(session);
        await using var server = await FakeAwsServer.StartAsync(account);
        using var withToken = new SignedClient(server, session);
        using var withoutToken = new SignedClient(server, session) { OmitSecurityToken = true };

        var identity = await withToken.QueryXmlAsync("sts", "us-east-1", "GetCallerIdentity", "2011-06-15");
        using var rejected = await withoutToken.QueryAsync("sts", "us-east-1", "GetCallerIdentity", "2011-06-15");

        Assert.Equal(session.Arn, Value(identity, "Arn"));
        Assert.Equal("InvalidClientTokenId", (await ErrorOf(rejected)).Code);
    }

    [Fact]
    public async Task Request_UnsignedPayload_Accepted()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server) { UnsignedPayload = true };

        var summary = await client.QueryXmlAsync("iam", "us-east-1", "GetAccountSummary", IamVersion);

        Assert.Contains(summary.Descendants(), e => e.Name.LocalName == "key" && e.Value == "AccountMFAEnabled");
    }

    [Fact]
    public async Task Request_SignedTwentyMinutesAgo_RejectedAsExpired()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy(),
            new FakeAwsOptions { Time = clock });
        using var client = new SignedClient(server, time: new FakeTimeProvider(clock.GetUtcNow().AddMinutes(-20)));

        using var response = await client.QueryAsync("sts", "us-east-1", "GetCallerIdentity", "2011-06-15");

        var error = await ErrorOf(response);
        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.StartsWith("Signature expired", error.Message);
    }

    [Fact]
    public async Task Iam_SignedForAnotherRegion_Rejected()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.QueryAsync("iam", "eu-west-1", "GetAccountSummary", IamVersion);

        var error = await ErrorOf(response);
        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Contains("valid region", error.Message);
    }

    [Fact]
    public async Task Query_UnknownAction_AnswersInvalidAction()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.QueryAsync("iam", "us-east-1", "GetEverything", IamVersion);

        var error = await ErrorOf(response);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidAction"), (response.StatusCode, error.Code));
        Assert.Equal("InvalidAction", server.Calls.For("iam:GetEverything").Single().ErrorCode);
    }

    [Fact]
    public async Task Json_UnknownTarget_AnswersUnknownOperationException()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "us-east-1",
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DeleteEverything", "{}");

        Assert.Equal("UnknownOperationException", await JsonErrorType(response));
    }

    [Fact]
    public async Task Throttle_FirstTwoCalls_OfficialClientRetriesAndSucceeds()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Throttle("sts:GetCallerIdentity", calls: 2);
        using var sts = StsClient(server);

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("123456789012", identity.Account);
        Assert.Equal([400, 400, 200], server.Calls.For("sts:GetCallerIdentity").Select(c => c.StatusCode));
        Assert.Equal("Throttling", server.Calls.Snapshot()[0].ErrorCode);
    }

    [Fact]
    public async Task Throttle_EveryOperation_UsesEachProtocolsCode()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Throttle(null, calls: 3);
        using var client = new SignedClient(server);

        using var iam = await client.QueryAsync("iam", "us-east-1", "GetAccountSummary", IamVersion);
        using var trail = await client.JsonAsync("cloudtrail", "us-east-1",
            "CloudTrail_20131101.DescribeTrails", "{}");
        using var guardDuty = await client.RestAsync("guardduty", "us-east-1", HttpMethod.Get, "/detector");
        using var afterwards = await client.QueryAsync("iam", "us-east-1", "GetAccountSummary", IamVersion);

        Assert.Equal("Throttling", (await ErrorOf(iam)).Code);
        Assert.Equal("ThrottlingException", await JsonErrorType(trail));
        Assert.Equal((HttpStatusCode.TooManyRequests, "TooManyRequestsException"),
            (guardDuty.StatusCode, guardDuty.Headers.GetValues("x-amzn-ErrorType").Single()));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task Deny_PasswordPolicy_AnswersAccessDeniedNamingCallerAndAction()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Deny("iam:GetAccountPasswordPolicy");
        using var client = new SignedClient(server);

        using var denied = await client.QueryAsync("iam", "us-east-1", "GetAccountPasswordPolicy", IamVersion);
        using var other = await client.QueryAsync("iam", "us-east-1", "GetAccountSummary", IamVersion);

        var error = await ErrorOf(denied);
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (denied.StatusCode, error.Code));
        Assert.StartsWith("User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: " +
            "iam:GetAccountPasswordPolicy", error.Message);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Deny_Ec2Operation_AnswersUnauthorizedOperation()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Deny("ec2:DescribeInstances");
        using var ec2 = Ec2Client(server, "us-east-1");

        var error = await Assert.ThrowsAsync<AmazonEC2Exception>(
            () => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));

        Assert.Equal("UnauthorizedOperation", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task FailInternally_OneCall_Answers500ThenRecovers()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.FailInternally("cloudtrail:DescribeTrails", calls: 1);
        using var client = new SignedClient(server);

        using var failed = await client.JsonAsync("cloudtrail", "us-east-1",
            "CloudTrail_20131101.DescribeTrails", "{}");
        using var recovered = await client.JsonAsync("cloudtrail", "us-east-1",
            "CloudTrail_20131101.DescribeTrails", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("InternalFailure", await JsonErrorType(failed));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task FailRegion_UnrecognizedClient_OnlyThatRegionFails()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.FailRegion("ap-south-1");
        using var client = new SignedClient(server);

        using var failed = await client.RestAsync("guardduty", "ap-south-1", HttpMethod.Get, "/detector");
        using var fine = await client.RestAsync("guardduty", "eu-west-1", HttpMethod.Get, "/detector");

        Assert.Equal("UnrecognizedClientException", failed.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task FailRegion_ConnectionReset_DropsTheConnection()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.FailRegion("eu-north-1", RegionFailure.ConnectionReset);
        using var client = new SignedClient(server);

        await Assert.ThrowsAsync<HttpRequestException>(
            () => client.RestAsync("access-analyzer", "eu-north-1", HttpMethod.Get, "/analyzer"));

        Assert.Equal(0, server.Calls.For("access-analyzer:ListAnalyzers").Single().StatusCode);
    }

    [Fact]
    public async Task Request_OptInRegionNotEnabled_RejectedAsUnrecognizedClient()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "af-south-1",
            "CloudTrail_20131101.DescribeTrails", "{}");

        Assert.Equal("UnrecognizedClientException", await JsonErrorType(response));
    }

    [Fact]
    public async Task Latency_FiftyMilliseconds_DelaysEveryAnswer()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Latency = TimeSpan.FromMilliseconds(50);
        using var client = new SignedClient(server);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.QueryAsync("sts", "us-east-1", "GetCallerIdentity", "2011-06-15");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(150), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Hook_ThrowsAwsError_AnsweredInProtocolFormat()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        server.Faults.Hook("iam:GetCredentialReport", _ => throw new AwsHarden.FakeAws.Protocol.AwsErrorException(
            "ServiceFailure", "hooked", HttpStatusCode.InternalServerError));
        using var client = new SignedClient(server);

        using var response = await client.QueryAsync("iam", "us-east-1", "GetCredentialReport", IamVersion);

        var error = await ErrorOf(response);
        Assert.Equal(("ServiceFailure", "hooked"), (error.Code, error.Message));
    }

    [Fact]
    public async Task Request_Unsigned_AnswersMissingAuthenticationToken()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.Endpoint, "/"),
            new StringContent("Action=GetCallerIdentity&Version=2011-06-15"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationToken", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Requests_TwoHundredConcurrentAcrossServices_AllAnsweredAndLogged()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Large(users: 50, roles: 10, regions: 4));
        using var client = new SignedClient(server);
        var regions = server.Account.EnabledRegions.ToList();

        var calls = Enumerable.Range(0, 200).Select(i => (i % 4) switch
        {
            0 => client.QueryAsync("iam", "us-east-1", "GetAccountAuthorizationDetails", IamVersion),
            1 => client.QueryAsync("ec2", regions[i % regions.Count], "DescribeInstances", "2016-11-15"),
            2 => client.JsonAsync("cloudtrail", regions[i % regions.Count], "CloudTrail_20131101.DescribeTrails", "{}"),
            _ => client.RestAsync("guardduty", regions[i % regions.Count], HttpMethod.Get, "/detector"),
        });
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(200, server.Calls.Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ClientEnvironment_UsedByOfficialClient_ReachesTheFakeAsCaller()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        var env = server.ClientEnvironment("eu-west-1");
        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
            new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = env["AWS_ENDPOINT_URL"],
                AuthenticationRegion = env["AWS_REGION"],
            });

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal(server.Account.Caller.Arn, identity.Arn);
        Assert.Equal("eu-west-1", server.Calls.Snapshot().Single().Region);
        Assert.False(env.ContainsKey("AWS_SESSION_TOKEN"));
    }

    internal static AmazonSecurityTokenServiceClient StsClient(FakeAwsServer server, FakeCredential? credential = null)
    {
        var c = credential ?? server.Account.Caller;
        return new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(c.AccessKeyId, c.SecretAccessKey),
            new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = server.Endpoint.ToString(),
                AuthenticationRegion = "us-east-1",
            });
    }

    internal static AmazonEC2Client Ec2Client(FakeAwsServer server, string region)
    {
        var c = server.Account.Caller;
        return new AmazonEC2Client(new BasicAWSCredentials(c.AccessKeyId, c.SecretAccessKey),
            new AmazonEC2Config { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = region });
    }

    internal static async Task<(string Code, string Message, string Namespace)> ErrorOf(HttpResponseMessage response)
    {
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync());
        return (Value(xml, "Code"), Value(xml, "Message"), xml.Name.NamespaceName);
    }

    internal static async Task<string> JsonErrorType(HttpResponseMessage response)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("__type").GetString()!;
    }

    internal static string Value(XElement root, string localName) =>
        root.Descendants().First(e => e.Name.LocalName == localName).Value;
}
