using System.Text.Json;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Tests.Cli;

namespace AwsHarden.Tests.Incident;

/// <summary>A trail bucket in another region than the session's: found with GetBucketLocation, read there.
/// </summary>
public class TrailBucketRegionTests
{
    private static FakeAccount AccountWithBucketIn(string region)
    {
        var account = FakeAccounts.Healthy();
        var bucket = new FakeBucket
        {
            Name = ExampleTrail.Bucket, Region = region, CreationDate = DateTimeOffset.UnixEpoch,
        };
        foreach (var (key, content) in ExampleTrail.Objects())
        {
            bucket.Objects[key] = new FakeS3Object(content, DateTimeOffset.UnixEpoch);
        }
        account.Buckets.Add(bucket);
        return account;
    }

    private static AwsSession Session(FakeAwsServer server) =>
        AwsSession.Create(new AwsCredentials(server.Account.Caller.AccessKeyId, server.Account.Caller.SecretAccessKey),
            "us-east-1", new AwsSessionSettings { Environment = server.ClientEnvironment().GetValueOrDefault });

    private static TrailBucketQuery Query => new()
    {
        Uri = $"s3://{ExampleTrail.Bucket}", Regions = ["us-east-1"],
        Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z"), Until = DateTimeOffset.Parse("2024-08-01T23:00:00Z"),
    };

    [Theory]
    [InlineData("eu-west-1")]
    [InlineData("us-east-1")]
    public async Task LocateAsync_BucketRegion_IsWhereListingSucceeds(string region)
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBucketIn(region));
        using var session = Session(server);
        using var home = S3ClientFactory.Create(session, "us-east-1");

        var found = await TrailBucket.LocateAsync(home, Query.Uri, "us-east-1", null, CancellationToken.None);
        using var s3 = S3ClientFactory.Create(session, found);
        var objects = await new TrailBucket(s3, found).ListAsync(Query, CancellationToken.None);

        Assert.Equal(region, found);
        Assert.NotEmpty(objects);
        Assert.Equal("us-east-1", Assert.Single(server.Calls.For("s3:GetBucketLocation")).Region);
        Assert.All(server.Calls.For("s3:ListBucket"), c => Assert.Equal(region, c.Region));
    }

    [Fact]
    public async Task ListAsync_WrongRegion_UserErrorNamingTheRedirect()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBucketIn("eu-west-1"));
        using var session = Session(server);
        using var s3 = S3ClientFactory.Create(session, "us-east-1");

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new TrailBucket(s3, "us-east-1").ListAsync(Query, CancellationToken.None));

        Assert.Contains("PermanentRedirect", error.Message);
    }

    [Fact]
    public async Task LocateAsync_Denied_FallsBackToSessionRegion()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBucketIn("us-east-1"));
        server.Faults.Deny("s3:GetBucketLocation");
        using var session = Session(server);
        using var s3 = S3ClientFactory.Create(session, "us-east-1");
        var notes = new List<string>();

        var found = await TrailBucket.LocateAsync(s3, Query.Uri, "us-east-1", new SyncProgress(notes.Add),
            CancellationToken.None);

        Assert.Equal("us-east-1", found);
        Assert.Contains(notes, n => n.Contains("denied", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "us-east-1")]
    [InlineData("EU", "eu-west-1")]
    [InlineData("ap-southeast-2", "ap-southeast-2")]
    public void RegionOf_LocationConstraint_IsRegion(string constraint, string region) =>
        Assert.Equal(region, TrailBucket.RegionOf(constraint));

    [Fact]
    public async Task InvestigateBucket_BucketInEuWest1FromUsEast1Session_SameLineageAsLogs()
    {
        var logs = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey, "--format",
            "json", "--offline", "--logs", ExampleTrail.Folder()]);
        await using var server = await FakeAwsServer.StartAsync(AccountWithBucketIn("eu-west-1"));

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", ExampleTrail.LeakedKey,
            "--format", "json", "--offline", "--bucket", $"s3://{ExampleTrail.Bucket}",
            "--since=2024-08-01T00:00:00Z", "--until=2024-08-01T23:59:59Z"], server.ClientEnvironment("us-east-1"));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Lineage(logs.Stdout), Lineage(result.Stdout));
        Assert.All(server.Calls.For("s3:GetObject"), c => Assert.Equal("eu-west-1", c.Region));
    }

    private static List<string> Lineage(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("lineage").EnumerateArray()
            .Select(n => n.GetProperty("id").GetString()!)];
    }

    /// <summary>Reports on the caller's thread, so the test sees every note before it asserts.</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
