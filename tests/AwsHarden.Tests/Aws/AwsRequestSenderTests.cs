using System.Net;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;

namespace AwsHarden.Tests.Aws;

public sealed class AwsRequestSenderTests
{
    private const string SummaryXml =
        "<GetAccountSummaryResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetAccountSummaryResult>" +
        "<SummaryMap><entry><key>Users</key><value>3</value></entry>" +
        "<entry><key>AccountMFAEnabled</key><value>1</value></entry></SummaryMap>" +
        "</GetAccountSummaryResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>" +
        "</GetAccountSummaryResponse>";

    [Fact]
    public async Task SendAsync_ThrottledTwiceThenOk_SucceedsOnThirdAttempt()
    {
        var attempts = 0;
        var stub = new StubAwsHandler().On("iam:GetAccountSummary", _ => ++attempts <= 2
            ? StubAwsHandler.QueryError(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded")
            : StubAwsHandler.Xml(HttpStatusCode.OK, SummaryXml));
        using var session = TestSessions.Create(stub, maxAttempts: 5);

        var summary = await new IamClient(session).GetAccountSummaryAsync(CancellationToken.None);

        Assert.Equal(3, summary["Users"]);
        Assert.Equal(3, session.CallLog.CountOf("iam:GetAccountSummary"));
        Assert.Equal(3, session.CallCount);
    }

    [Fact]
    public async Task SendAsync_AccessDenied_IsNotRetried()
    {
        var stub = new StubAwsHandler().On("iam:GetAccountSummary",
            _ => StubAwsHandler.QueryError(HttpStatusCode.Forbidden, "AccessDenied"));
        using var session = TestSessions.Create(stub, maxAttempts: 5);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => new IamClient(session).GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Equal("iam:GetAccountSummary", error.Action);
        Assert.Equal(1, session.CallCount);
    }

    [Fact]
    public async Task SendAsync_ServerErrorEveryTime_StopsAtMaxAttempts()
    {
        var stub = new StubAwsHandler().On("cloudtrail:DescribeTrails",
            _ => StubAwsHandler.JsonError(HttpStatusCode.InternalServerError, "InternalFailure"));
        using var session = TestSessions.Create(stub, maxAttempts: 4);

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => new CloudTrailClient(session).DescribeTrailsAsync("eu-west-1", CancellationToken.None));

        Assert.Equal("InternalFailure", error.Code);
        Assert.Equal("eu-west-1", error.Region);
        Assert.Equal(4, session.CallCount);
    }

    [Fact]
    public async Task SendAsync_NetworkErrorThenOk_Retries()
    {
        var attempts = 0;
        var stub = new StubAwsHandler().On("iam:GetAccountSummary", _ => ++attempts == 1
            ? throw new HttpRequestException("connection refused")
            : StubAwsHandler.Xml(HttpStatusCode.OK, SummaryXml));
        using var session = TestSessions.Create(stub, maxAttempts: 3);

        var summary = await new IamClient(session).GetAccountSummaryAsync(CancellationToken.None);

        Assert.Equal(1, summary["AccountMFAEnabled"]);
        Assert.Equal(2, session.CallCount);
    }

    [Fact]
    public async Task SendAsync_JsonProtocol_SendsTargetContentTypeAndSignature()
    {
        HttpRequestMessage? seen = null;
        var stub = new StubAwsHandler().On("sso:ListInstances", r =>
        {
            seen = new HttpRequestMessage(r.Method, r.Uri);
            return StubAwsHandler.Json(HttpStatusCode.OK,
                """{"Instances":[{"InstanceArn":"arn:aws:sso:::instance/ssoins-1","IdentityStoreId":"d-1"}]}""");
        });
        using var session = TestSessions.Create(stub);

        var arns = await new SsoAdminClient(session).ListInstancesAsync("eu-central-1", CancellationToken.None);

        Assert.Equal(["arn:aws:sso:::instance/ssoins-1"], arns);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("{}", request.Body);
        Assert.Equal("eu-central-1", request.SigningRegion);
        Assert.Contains("/sso/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.NotNull(seen);
    }
}
