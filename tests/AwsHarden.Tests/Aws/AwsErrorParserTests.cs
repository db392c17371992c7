using System.Net;
using System.Text;
using AwsHarden.Aws;

namespace AwsHarden.Tests.Aws;

public sealed class AwsErrorParserTests
{
    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    [Fact]
    public void Parse_QueryErrorResponse_ReadsCodeAndMessage()
    {
        var body = Encoding.UTF8.GetBytes(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>" +
            "<Code>NoSuchEntity</Code><Message>The Password Policy with domain name 123 cannot be found.</Message>" +
            "</Error><RequestId>a1</RequestId></ErrorResponse>");

        var error = AwsErrorParser.Parse(AwsProtocol.Query, HttpStatusCode.NotFound, NoHeaders, body,
            "iam:GetAccountPasswordPolicy", null);

        Assert.Equal("NoSuchEntity", error.Code);
        Assert.StartsWith("The Password Policy", error.AwsMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void Parse_Ec2StyleErrors_ReadsNestedCode()
    {
        var body = Encoding.UTF8.GetBytes("<Response><Errors><Error><Code>UnauthorizedOperation</Code>" +
            "<Message>You are not authorized.</Message></Error></Errors><RequestID>x</RequestID></Response>");

        var error = AwsErrorParser.Parse(AwsProtocol.Query, HttpStatusCode.Forbidden, NoHeaders, body,
            "ec2:DescribeInstances", "eu-west-1");

        Assert.Equal("UnauthorizedOperation", error.Code);
        Assert.True(error.IsAccessDenied);
        Assert.Equal("eu-west-1", error.Region);
    }

    [Fact]
    public void Parse_JsonTypeWithNamespace_StripsNamespace()
    {
        var body = Encoding.UTF8.GetBytes(
            """{"__type":"com.amazonaws.organizations.v20161128#AWSOrganizationsNotInUseException","Message":"no"}""");

        var error = AwsErrorParser.Parse(AwsProtocol.Json, HttpStatusCode.BadRequest, NoHeaders, body,
            "organizations:DescribeOrganization", null);

        Assert.Equal("AWSOrganizationsNotInUseException", error.Code);
        Assert.Equal("no", error.AwsMessage);
    }

    [Fact]
    public void Parse_RestJsonErrorTypeHeader_WinsAndDropsSuffix()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-amzn-errortype"] = "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.account/",
        };
        var body = Encoding.UTF8.GetBytes("""{"message":"No contact of the inputted alternate contact type found."}""");

        var error = AwsErrorParser.Parse(AwsProtocol.RestJson, HttpStatusCode.NotFound, headers, body,
            "account:GetAlternateContact", null);

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.StartsWith("No contact", error.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyBody503_UsesStatusCodeAndIsRetryable()
    {
        var error = AwsErrorParser.Parse(AwsProtocol.Json, HttpStatusCode.ServiceUnavailable, NoHeaders, [],
            "cloudtrail:DescribeTrails", "us-east-1");

        Assert.Equal("Http503", error.Code);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData("Throttling", 400, true)]
    [InlineData("TooManyRequestsException", 400, true)]
    [InlineData("AccessDenied", 403, false)]
    [InlineData("AccessDeniedException", 500, false)]
    [InlineData("ValidationException", 400, false)]
    [InlineData("SomethingNew", 502, true)]
    public void IsRetryable_ByCodeAndStatus_OnlyTransientRetried(string code, int status, bool expected)
    {
        Assert.Equal(expected, AwsErrorCodes.IsRetryable(code, (HttpStatusCode)status));
    }
}
