using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace AwsHarden.Secrets;

/// <summary>
/// Lists and reads the objects of an S3 bucket (under a prefix), anonymously or with credentials, up to
/// the size cap, and says whether the bucket is public.
/// </summary>
/// <param name="endpoint">An S3 endpoint (path-style); null reads AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.</param>
public sealed class BucketSource(SecretScanOptions options, AWSCredentials credentials, string? endpoint = null)
{
    private readonly string? _endpoint = endpoint ?? SecretsAwsConfig.EndpointOverride("S3");

    /// <summary>Counts of objects read and skipped.</summary>
    public ScanStatistics Statistics { get; } = new();

    /// <summary>Parses <c>s3://bucket[/prefix]</c>; anything else is the user's mistake.</summary>
    public static (string Bucket, string Prefix) ParseUri(string uri)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.Length <= 5)
            throw new Model.UserErrorException($"'{uri}' is not an S3 location.", "write it as s3://BUCKET[/PREFIX]");

        var rest = uri[5..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
    }

    public async Task<(IReadOnlyList<SecretHit> Hits, BucketExposure Exposure)> ScanAsync(
        string uri, CancellationToken cancellationToken)
    {
        var (bucket, prefix) = ParseUri(uri);
        using var client = CreateClient(credentials);

        var hits = new List<SecretHit>();
        await foreach (var obj in ListAsync(client, bucket, prefix, cancellationToken))
            hits.AddRange(await ScanObjectAsync(client, bucket, obj, cancellationToken));

        var exposure = await CheckPublicAsync(client, bucket, cancellationToken);
        return (hits, exposure);
    }

    private static async IAsyncEnumerable<S3Object> ListAsync(
        IAmazonS3 client, string bucket, string prefix,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        do
        {
            var page = await CallAsync(() => client.ListObjectsV2Async(request, ct), bucket, "s3:ListBucket");
            foreach (var obj in page.S3Objects ?? [])
                yield return obj;
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (!string.IsNullOrEmpty(request.ContinuationToken));
    }

    private async Task<IReadOnlyList<SecretHit>> ScanObjectAsync(
        IAmazonS3 client, string bucket, S3Object obj, CancellationToken ct)
    {
        if (obj.Key.EndsWith('/'))
            return [];
        if (obj.Size > options.MaxFileBytes)
        {
            Statistics.TooLarge();
            return [];
        }

        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(bucket, obj.Key, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // One object denied (its own ACL, a KMS key the caller may not use) or deleted since the listing:
            // named as unreadable, and the rest of the bucket is still read.
            Statistics.CouldNotRead($"s3://{bucket}/{obj.Key}", $"{e.ErrorCode} on s3:GetObject");
            return [];
        }

        using var _ = response;
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, ct);

        return ContentScanner.Scan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Statistics,
                options.MaxFileBytes, $"s3://{bucket}/{obj.Key}")
            .Select(key => new SecretHit(key, new SecretLocation
            {
                Kind = SecretSourceKind.Bucket,
                Root = $"s3://{bucket}",
                Path = key.PathIn(obj.Key),
                Line = key.Line,
                Column = key.Column,
            }))
            .Where(hit => !options.IsAllowed(hit))
            .ToList();
    }

    private async Task<BucketExposure> CheckPublicAsync(IAmazonS3 client, string bucket, CancellationToken ct)
    {
        if (credentials is AnonymousAWSCredentials)
            return new BucketExposure(bucket, PublicAccess.Public, "listed and read without credentials");

        try
        {
            var status = await client.GetBucketPolicyStatusAsync(new() { BucketName = bucket }, ct);
            if (status.PolicyStatus?.IsPublic == true)
                return new BucketExposure(bucket, PublicAccess.Public, "GetBucketPolicyStatus: IsPublic is true");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode != "NoSuchBucketPolicy")
        {
            // Denied or unsupported: the anonymous listing below can still prove the bucket open.
        }
        catch (AmazonS3Exception)
        {
            // No bucket policy at all: it cannot grant public access.
        }

        return await TryAnonymousListAsync(bucket, ct);
    }

    private async Task<BucketExposure> TryAnonymousListAsync(string bucket, CancellationToken ct)
    {
        using var anonymous = CreateClient(new AnonymousAWSCredentials());
        try
        {
            await anonymous.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 }, ct);
            return new BucketExposure(bucket, PublicAccess.Public, "anyone can list it (anonymous ListObjectsV2)");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return new BucketExposure(bucket, PublicAccess.NotPublic, "anonymous ListObjectsV2 is denied");
        }
        catch (AmazonServiceException e)
        {
            return new BucketExposure(bucket, PublicAccess.Unknown, $"anonymous ListObjectsV2 failed: {e.ErrorCode}");
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string bucket, string action)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new Model.UserErrorException(
                $"{e.ErrorCode} on {action} for bucket '{bucket}'.",
                "check the bucket name, or pass credentials that may read it", e);
        }
    }

    private AmazonS3Client CreateClient(AWSCredentials credentials)
    {
        var config = new AmazonS3Config();
        SecretsAwsConfig.Apply(config, "S3", _endpoint);
        config.ForcePathStyle = _endpoint is not null;
        return new AmazonS3Client(credentials, config);
    }
}
