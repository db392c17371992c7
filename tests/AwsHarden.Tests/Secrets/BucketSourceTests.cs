using System.Security;
using Amazon.Runtime;
using AwsHarden.Model;
using AwsHarden.Secrets;
using Microsoft.AspNetCore.Http;

namespace AwsHarden.Tests.Secrets;

public class BucketSourceTests
{
    private static readonly Dictionary<string, string> Objects = new()
    {
        ["config/app.env"] = $"AWS_ACCESS_KEY_ID={TestKeys.KeyId}\nAWS_SECRET_ACCESS_KEY={TestKeys.Secret}\n",
        ["readme.txt"] = "nothing here\n",
        ["big.log"] = new string('x', 4096) + "\n" + TestKeys.OtherKeyId,
    };

    /// <summary>A fake S3 serving one bucket, path style: ListObjectsV2 in two pages, GetObject.</summary>
    private static async Task FakeS3(HttpContext context, bool allowAnonymous)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        var signed = context.Request.Headers.Authorization.Count > 0;
        if (!allowAnonymous && !signed)
        {
            await Xml(context, 403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
            return;
        }

        if (path is "leaky" or "leaky/")
        {
            if (context.Request.Query.ContainsKey("policyStatus"))
                await Xml(context, 200, "<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>");
            else
                await Xml(context, 200, ListPage(context.Request.Query["continuation-token"].ToString()));
            return;
        }

        if (path.StartsWith("leaky/", StringComparison.Ordinal) && Objects.TryGetValue(path[6..], out var body))
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(body);
            return;
        }
        await Xml(context, 404, "<Error><Code>NoSuchBucket</Code><Message>no</Message></Error>");
    }

    private static string ListPage(string token)
    {
        var keys = Objects.Keys.Order(StringComparer.Ordinal).ToList();
        var page = token == "" ? keys.Take(2) : keys.Skip(2);
        var contents = string.Concat(page.Select(k =>
            $"<Contents><Key>{SecurityElement.Escape(k)}</Key><LastModified>2024-05-01T00:00:00.000Z</LastModified>"
            + $"<ETag>\"e\"</ETag><Size>{Objects[k].Length}</Size><StorageClass>STANDARD</StorageClass></Contents>"));
        var more = token == "" ? "<IsTruncated>true</IsTruncated><NextContinuationToken>p2</NextContinuationToken>"
            : "<IsTruncated>false</IsTruncated>";
        return "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>leaky</Name><Prefix></Prefix>"
            + $"<KeyCount>{page.Count()}</KeyCount><MaxKeys>1000</MaxKeys>{more}{contents}</ListBucketResult>";
    }

    private static async Task Xml(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body);
    }

    [Fact]
    public async Task ScanAsync_AnonymousReadableBucket_FindsPairAndSaysPublic()
    {
        await using var s3 = await FakeHttpServer.StartAsync(c => FakeS3(c, allowAnonymous: true));
        var options = new SecretScanOptions { MaxFileBytes = 1024 };
        var source = new BucketSource(options, new AnonymousAWSCredentials(), s3.Url);

        var (hits, exposure) = await source.ScanAsync("s3://leaky", CancellationToken.None);

        var hit = Assert.Single(hits);
        Assert.Equal("config/app.env", hit.Location.Path);
        Assert.Equal("s3://leaky", hit.Location.Root);
        Assert.Equal(TestKeys.Secret, hit.Key.Secret?.Reveal());
        Assert.Equal(PublicAccess.Public, exposure.Public);
        Assert.Equal(1, source.Statistics.SkippedTooLarge);
        Assert.Contains(s3.Requests, r => r.Contains("continuation-token=p2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanAsync_PrivateBucketWithCredentials_FindsPairAndSaysNotPublic()
    {
        await using var s3 = await FakeHttpServer.StartAsync(c => FakeS3(c, allowAnonymous: false));
        var credentials = new BasicAWSCredentials(TestKeys.OtherKeyId, TestKeys.OtherSecret);

        var source = new BucketSource(new(), credentials, s3.Url);

        var (hits, exposure) = await source.ScanAsync("s3://leaky", CancellationToken.None);

        Assert.Equal(2, hits.Count);
        Assert.Equal(PublicAccess.NotPublic, exposure.Public);
        Assert.Contains(s3.Requests, r => r.Contains("policyStatus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanAsync_BucketDeniesAnonymous_UserError()
    {
        await using var s3 = await FakeHttpServer.StartAsync(c => FakeS3(c, allowAnonymous: false));
        var source = new BucketSource(new(), new AnonymousAWSCredentials(), s3.Url);

        var error = await Assert.ThrowsAsync<UserErrorException>(
            () => source.ScanAsync("s3://leaky", CancellationToken.None));

        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://b", "b", "")]
    [InlineData("s3://b/logs/2024/", "b", "logs/2024/")]
    public void ParseUri_S3Location_BucketAndPrefix(string uri, string bucket, string prefix) =>
        Assert.Equal((bucket, prefix), BucketSource.ParseUri(uri));

    [Fact]
    public void ParseUri_NotS3_UserError() =>
        Assert.Throws<UserErrorException>(() => BucketSource.ParseUri("https://example.com/b"));

    // Same family as cases 008/009: one object GetObject refuses is named, and the rest is still read.
    [Fact]
    public async Task ScanAsync_OneObjectDenied_NamedUnreadableOthersScanned()
    {
        await using var s3 = await FakeHttpServer.StartAsync(c => c.Request.Path.Value == "/leaky/readme.txt"
            ? Xml(c, 403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
            : FakeS3(c, allowAnonymous: true));
        var options = new SecretScanOptions { MaxFileBytes = 1024 };
        var source = new BucketSource(options, new AnonymousAWSCredentials(), s3.Url);

        var (hits, _) = await source.ScanAsync("s3://leaky", CancellationToken.None);

        Assert.Equal("config/app.env", Assert.Single(hits).Location.Path);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Equal("s3://leaky/readme.txt", unreadable.Path);
        Assert.Contains("AccessDenied", unreadable.Reason, StringComparison.Ordinal);
    }
}
