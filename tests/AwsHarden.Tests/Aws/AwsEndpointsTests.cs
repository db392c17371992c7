using AwsHarden.Aws;
using AwsHarden.Model;

namespace AwsHarden.Tests.Aws;

public sealed class AwsEndpointsTests
{
    private static AwsEndpoints With(params (string Name, string Value)[] variables) =>
        new(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Resolve_RegionalServiceNoOverride_UsesRegionalHost()
    {
        var endpoint = With().Resolve(AwsService.GuardDuty, "eu-west-1");

        Assert.Equal(new Uri("https://guardduty.eu-west-1.amazonaws.com/"), endpoint.Url);
        Assert.Equal("eu-west-1", endpoint.SigningRegion);
        Assert.False(endpoint.Overridden);
    }

    [Theory]
    [InlineData("eu-west-1", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    public void Resolve_GlobalIam_UsesPartitionEndpointAndSigningRegion(string region, string url, string signing)
    {
        var endpoint = With().Resolve(AwsService.Iam, region);

        Assert.Equal(new Uri(url), endpoint.Url);
        Assert.Equal(signing, endpoint.SigningRegion);
    }

    [Fact]
    public void Resolve_SsoAdminInChina_UsesChinaSuffixAndSsoPrefix()
    {
        var endpoint = With().Resolve(AwsService.SsoAdmin, "cn-north-1");

        Assert.Equal(new Uri("https://sso.cn-north-1.amazonaws.com.cn/"), endpoint.Url);
        Assert.Equal("sso", endpoint.SigningName);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_SSO_ADMIN", "SSO Admin")]
    [InlineData("AWS_ENDPOINT_URL_CLOUDWATCH", "CloudWatch")]
    [InlineData("AWS_ENDPOINT_URL_COST_EXPLORER", "Cost Explorer")]
    [InlineData("AWS_ENDPOINT_URL_ACCESSANALYZER", "AccessAnalyzer")]
    [InlineData("AWS_ENDPOINT_URL_ACCESS_ANALYZER", "AccessAnalyzer")]
    [InlineData("AWS_ENDPOINT_URL_STS", "STS")]
    [InlineData("AWS_ENDPOINT_URL_EC2", "EC2")]
    public void FindOverride_ServiceVariable_WinsOverGlobal(string variable, string serviceId)
    {
        var service = new[]
        {
            AwsService.SsoAdmin, AwsService.CloudWatch, AwsService.CostExplorer, AwsService.AccessAnalyzer,
            AwsService.Sts, AwsService.Ec2,
        }.Single(s => s.ServiceId == serviceId);
        var endpoints = With((variable, "http://127.0.0.1:9001"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"));

        Assert.Equal(new Uri("http://127.0.0.1:9001"), endpoints.FindOverride(service));
    }

    [Fact]
    public void Resolve_GlobalOverride_KeepsGlobalSigningRegion()
    {
        var endpoint = With(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")).Resolve(AwsService.Iam, "eu-west-1");

        Assert.Equal(new Uri("http://127.0.0.1:4566"), endpoint.Url);
        Assert.Equal("us-east-1", endpoint.SigningRegion);
        Assert.True(endpoint.Overridden);
    }

    [Fact]
    public void FindOverride_IgnoreConfiguredEndpointUrls_ReturnsNull()
    {
        var endpoints = With(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        Assert.Null(endpoints.FindOverride(AwsService.CloudTrail));
    }

    [Fact]
    public void FindOverride_NotAUrl_ThrowsUserError()
    {
        var endpoints = With(("AWS_ENDPOINT_URL_GUARDDUTY", "localhost:4566"));

        var error = Assert.Throws<UserErrorException>(() => endpoints.FindOverride(AwsService.GuardDuty));
        Assert.Contains("AWS_ENDPOINT_URL_GUARDDUTY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws-cn:iam::123456789012:root", "aws-cn")]
    [InlineData("arn:aws-us-gov:iam::123456789012:user/a", "aws-us-gov")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/r/s", "aws")]
    public void CallerIdentity_Partition_ComesFromArn(string arn, string partition)
    {
        Assert.Equal(partition, new CallerIdentity("123456789012", arn, "AIDA").Partition);
    }

    [Fact]
    public void BuildUri_EndpointWithPath_KeepsPathPrefixAndEncodesQuery()
    {
        var request = new AwsRequest
        {
            Service = AwsService.GuardDuty,
            Region = "us-east-1",
            Operation = "ListDetectors",
            Protocol = AwsProtocol.RestJson,
            Method = HttpMethod.Get,
            Path = "/detector",
            Query = [KeyValuePair.Create("nextToken", "a b/c")],
        };

        var uri = AwsRequestSender.BuildUri(new Uri("http://127.0.0.1:4566/emulator/"), request);

        Assert.Equal("http://127.0.0.1:4566/emulator/detector?nextToken=a%20b%2Fc", uri.AbsoluteUri);
    }
}
