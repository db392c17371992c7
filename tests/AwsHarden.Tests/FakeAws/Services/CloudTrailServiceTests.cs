using System.Text.Json;
using AwsHarden.FakeAws;
using static AwsHarden.Tests.FakeAws.FakeAwsServerTests;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>The fake's CloudTrail writes: their state changes, answers and home-region rule.</summary>
public class CloudTrailServiceTests
{
    private const string Target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";

    // The members of UpdateTrailResponse in botocore's cloudtrail 2013-11-01 model.
    private static readonly string[] UpdateTrailResponseMembers =
    [
        "Name", "S3BucketName", "S3KeyPrefix", "SnsTopicName", "SnsTopicARN", "IncludeGlobalServiceEvents",
        "IsMultiRegionTrail", "TrailARN", "LogFileValidationEnabled", "CloudWatchLogsLogGroupArn",
        "CloudWatchLogsRoleArn", "KmsKeyId", "IsOrganizationTrail",
    ];

    [Fact]
    public async Task UpdateTrail_EnableLogFileValidation_ChangesOnlyThatAndAnswersTheModelShape()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "us-east-1", Target + "UpdateTrail",
            """{"Name":"legacy-trail","EnableLogFileValidation":true}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var body = JsonDocument.Parse(text);
        Assert.True(body.RootElement.GetProperty("LogFileValidationEnabled").GetBoolean());
        Assert.Equal("arn:aws:cloudtrail:us-east-1:123456789012:trail/legacy-trail",
            body.RootElement.GetProperty("TrailARN").GetString());
        Assert.All(body.RootElement.EnumerateObject(), p => Assert.Contains(p.Name, UpdateTrailResponseMembers));
        var trail = server.Account.Trails.Single(t => t.Name == "legacy-trail");
        Assert.True(trail.LogFileValidationEnabled);
        Assert.Equal((false, false, "legacy-trail-logs-123456789012"),
            (trail.IsMultiRegion, trail.IsLogging, trail.S3BucketName));
    }

    [Theory]
    [InlineData("management-events")]
    [InlineData("arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events")]
    public async Task UpdateTrail_MultiRegionTrailOutsideItsHomeRegion_InvalidHomeRegionAndUnchanged(string name)
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "eu-west-1", Target + "UpdateTrail",
            $$"""{"Name":"{{name}}","EnableLogFileValidation":false}""");

        Assert.Equal("InvalidHomeRegionException", await JsonErrorType(response));
        Assert.True(server.Account.Trails.Single(t => t.Name == "management-events").LogFileValidationEnabled);
    }

    [Fact]
    public async Task UpdateTrail_SingleRegionTrailFromAnotherRegion_TrailNotFound()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "eu-west-1", Target + "UpdateTrail",
            """{"Name":"legacy-trail","EnableLogFileValidation":true}""");

        Assert.Equal("TrailNotFoundException", await JsonErrorType(response));
        Assert.False(server.Account.Trails.Single(t => t.Name == "legacy-trail").LogFileValidationEnabled);
    }

    [Fact]
    public async Task UpdateTrail_UnknownBucket_S3BucketDoesNotExist()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Misconfigured());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "us-east-1", Target + "UpdateTrail",
            """{"Name":"legacy-trail","S3BucketName":"no-such-bucket-anywhere"}""");

        Assert.Equal("S3BucketDoesNotExistException", await JsonErrorType(response));
        Assert.Equal("legacy-trail-logs-123456789012",
            server.Account.Trails.Single(t => t.Name == "legacy-trail").S3BucketName);
    }
}
