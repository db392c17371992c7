using System.Collections.Concurrent;
using AwsHarden.Aws;
using AwsHarden.Aws.Clients;
using AwsHarden.FakeAws;
using AwsHarden.Incident;
using AwsHarden.Model;

namespace AwsHarden.Tests.Incident;

public class TrailBucketTests
{
    /// <summary>Notes the prefix of every S3 listing the client sends.</summary>
    private sealed class ListingRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<string> Prefixes { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
            if (query["list-type"] == "2") Prefixes.Enqueue(query["prefix"] ?? "");
            return base.SendAsync(request, ct);
        }
    }

    /// <summary>A session and S3 client on the fake, recording listings; open while objects are read.</summary>
    private sealed class Client : IDisposable
    {
        private readonly ListingRecorder _recorder = new();
        private readonly AwsSession _session;
        private readonly Amazon.S3.IAmazonS3 _s3;

        public Client(FakeAwsServer server)
        {
            var env = server.ClientEnvironment();
            var caller = server.Account.Caller;
            _session = AwsSession.Create(new AwsCredentials(caller.AccessKeyId, caller.SecretAccessKey),
                "us-east-1", new AwsSessionSettings { Handler = _recorder, Environment = env.GetValueOrDefault });
            _s3 = S3ClientFactory.Create(_session, "us-east-1");
        }

        public List<string> Prefixes => [.. _recorder.Prefixes.Order(StringComparer.Ordinal)];

        public Task<IReadOnlyList<TrailObject>> ListAsync(TrailBucketQuery query) =>
            new TrailBucket(_s3, "us-east-1").ListAsync(query, CancellationToken.None);

        public void Dispose()
        {
            _s3.Dispose();
            _session.Dispose();
            _recorder.Dispose();
        }
    }

    private static async Task<(IReadOnlyList<TrailObject>, List<string>)> ListAsync(FakeAwsServer server,
        TrailBucketQuery query)
    {
        using var client = new Client(server);
        var objects = await client.ListAsync(query);
        return (objects, client.Prefixes);
    }

    [Fact]
    public async Task ListAsync_WindowOfTwoDaysInOneRegion_ListsOnlyThoseDayFolders()
    {
        var account = FakeAccounts.Healthy();
        account.Buckets.Add(ExampleTrail.FakeBucket("org/"));
        await using var server = await FakeAwsServer.StartAsync(account);

        var (objects, prefixes) = await ListAsync(server, new TrailBucketQuery
        {
            Uri = $"s3://{ExampleTrail.Bucket}/org", Regions = ["us-east-1"],
            Since = DateTimeOffset.Parse("2024-07-31T22:00:00Z"), Until = DateTimeOffset.Parse("2024-08-01T12:00:00Z"),
        });

        const string region = "org/AWSLogs/111122223333/CloudTrail/us-east-1/";
        Assert.Equal(["org/AWSLogs/", region + "2024/07/31/", region + "2024/08/01/", region + "2024/08/02/"],
            prefixes);
        Assert.Equal(12, objects.Count);
        Assert.All(objects, o => Assert.StartsWith($"s3://{ExampleTrail.Bucket}/{region}2024/08/01/", o.Name));
    }

    [Fact]
    public async Task ListAsync_NoStart_FindsDayFoldersByDelimiterListing()
    {
        var account = FakeAccounts.Healthy();
        account.Buckets.Add(ExampleTrail.FakeBucket());
        await using var server = await FakeAwsServer.StartAsync(account);

        var (objects, prefixes) = await ListAsync(server, new TrailBucketQuery
        {
            Uri = $"s3://{ExampleTrail.Bucket}/AWSLogs/111122223333/CloudTrail/eu-west-1",
            Until = DateTimeOffset.Parse("2024-08-03T00:00:00Z"),
        });

        const string region = "AWSLogs/111122223333/CloudTrail/eu-west-1/";
        Assert.Equal([region, region + "2024/", region + "2024/08/", region + "2024/08/01/"], prefixes);
        Assert.Single(objects);
    }

    [Fact]
    public async Task ReadObjectsAsync_BucketObjects_StreamsRecordsThroughTheReader()
    {
        var account = FakeAccounts.Healthy();
        account.Buckets.Add(ExampleTrail.FakeBucket());
        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new Client(server);
        var objects = await client.ListAsync(new TrailBucketQuery
        {
            Uri = $"s3://{ExampleTrail.Bucket}", Since = DateTimeOffset.Parse("2024-08-01T00:00:00Z"),
            Until = DateTimeOffset.Parse("2024-08-01T23:00:00Z"),
        });
        var reader = new CloudTrailReader(new CloudTrailReadOptions { Parallelism = 4 });
        var ids = new List<string?>();
        await foreach (var e in reader.ReadObjectsAsync(objects)) ids.Add(e.EventId);

        Assert.Equal(ExampleTrail.Events().Count(), ids.Count);
        Assert.Equal(objects.Count, reader.Report.FilesRead);
        Assert.Empty(reader.Report.BrokenFiles);
    }

    [Theory]
    [InlineData("s3:/bucket")]
    [InlineData("https://bucket")]
    [InlineData("s3://")]
    public void ParseUri_NotAnS3Location_IsUserError(string uri) =>
        Assert.Throws<UserErrorException>(() => TrailBucket.ParseUri(uri));

    [Fact]
    public void DayPrefixes_WindowAcrossMonthEnd_AddsTheDayAfterForLateDelivery()
    {
        var days = TrailBucket.DayPrefixes("r/", new DateOnly(2024, 7, 30), new DateOnly(2024, 8, 1)).ToList();

        Assert.Equal(["r/2024/07/30/", "r/2024/07/31/", "r/2024/08/01/", "r/2024/08/02/"], days);
    }
}
