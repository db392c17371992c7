using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>S3 bucket reads through the official S3 client, signed and anonymous.</summary>
public class S3ServiceTests
{
    [Fact]
    public async Task ListObjectsV2AndGetObject_OfficialClient_PagesAndReadsContent()
    {
        var account = AccountWithBuckets();
        await using var server = await FakeAwsServer.StartAsync(account);
        using var s3 = Client(server, new BasicAWSCredentials(account.Caller.AccessKeyId,
            account.Caller.SecretAccessKey));

        var keys = new List<string>();
        await foreach (var o in s3.Paginators.ListObjectsV2(new ListObjectsV2Request
        {
            BucketName = "build-artifacts",
            Prefix = "app/",
            MaxKeys = 2,
        }).S3Objects)
        {
            keys.Add(o.Key);
        }

        using var response = await s3.GetObjectAsync("build-artifacts", "app/config/.env");
        using var reader = new StreamReader(response.ResponseStream);

        Assert.Equal(["app/a.txt", "app/b.txt", "app/config/.env"], keys);
        Assert.Equal("TOKEN=example", await reader.ReadToEndAsync());
        Assert.Equal(["s3:ListBucket", "s3:ListBucket", "s3:GetObject"],
            server.Calls.Snapshot().Select(c => c.IamAction));
    }

    [Fact]
    public async Task ListObjectsV2_Anonymous_OnlyPublicBucketReadable()
    {
        await using var server = await FakeAwsServer.StartAsync(AccountWithBuckets());
        using var anonymous = Client(server, new AnonymousAWSCredentials());

        var open = await anonymous.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "public-site" });
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            anonymous.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "build-artifacts" }));

        Assert.Equal("index.html", Assert.Single(open.S3Objects).Key);
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task GetBucketPolicyStatus_PrivateBucket_AnswersNoSuchBucketPolicy()
    {
        var account = AccountWithBuckets();
        await using var server = await FakeAwsServer.StartAsync(account);
        using var s3 = Client(server, new BasicAWSCredentials(account.Caller.AccessKeyId,
            account.Caller.SecretAccessKey));

        var status = await s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest
        {
            BucketName = "public-site",
        });
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            s3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = "build-artifacts" }));

        Assert.True(status.PolicyStatus.IsPublic);
        Assert.Equal("NoSuchBucketPolicy", error.ErrorCode);
    }

    private static FakeAccount AccountWithBuckets()
    {
        var account = FakeAccounts.Healthy();
        var at = account.CreatedAt;
        var artifacts = new FakeBucket { Name = "build-artifacts", CreationDate = at };
        foreach (var (key, text) in new[]
                 {
                     ("app/a.txt", "a"), ("app/b.txt", "b"), ("app/config/.env", "TOKEN=example"), ("other/c", "c"),
                 })
        {
            artifacts.Objects[key] = new FakeS3Object(Encoding.UTF8.GetBytes(text), at);
        }

        var site = new FakeBucket { Name = "public-site", CreationDate = at, IsPublic = true };
        site.Objects["index.html"] = new FakeS3Object(Encoding.UTF8.GetBytes("<html></html>"), at);
        account.Buckets.AddRange([artifacts, site]);
        return account;
    }

    private static AmazonS3Client Client(FakeAwsServer server, AWSCredentials credentials) =>
        new(credentials, new AmazonS3Config
        {
            ServiceURL = server.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
}
