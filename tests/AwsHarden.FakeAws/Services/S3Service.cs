using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// S3 (REST-XML, path-style addressing as SDKs use for an IP endpoint): the reads of bucket scans. Unsigned
/// requests succeed only on buckets made public.
/// </summary>
/// <remarks>A request for a bucket signed for another region than the bucket's is refused with 301
/// PermanentRedirect, as S3 does; GetBucketLocation answers from any region. TODO(fake): virtual-hosted
/// addressing, HEAD and object writes are not served.</remarks>
internal sealed class S3Service : FakeService
{
    public S3Service()
    {
        On("ListBuckets", ListBuckets);
        On("ListObjectsV2", ListObjectsV2);
        On("GetObject", GetObject);
        On("GetBucketPolicyStatus", GetBucketPolicyStatus);
        On("GetBucketLocation", GetBucketLocation);
        S3BucketWrites.Register(On);
    }

    public override string SigningName => "s3";

    public override string IamActionName(string operation) => operation switch
    {
        "ListBuckets" => "ListAllMyBuckets",
        "ListObjectsV2" => "ListBucket",
        _ => S3BucketWrites.IamActionName(operation),
    };

    public override (string Operation, Dictionary<string, string> Values)? MatchRoute(
        string method, string path, IReadOnlyCollection<string> queryKeys)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/');
        var bucket = slash < 0 ? trimmed : trimmed[..slash];
        var key = slash < 0 ? string.Empty : trimmed[(slash + 1)..];
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Bucket"] = bucket, ["Key"] = key };
        if (!HttpMethodIsRead(method) || S3BucketWrites.ConfigurationOperation(method, queryKeys) is not null)
        {
            return key.Length == 0 && S3BucketWrites.Operation(method, queryKeys) is { } write
                ? (write, values)
                : null;
        }

        var operation = (bucket, key) switch
        {
            ("", _) => "ListBuckets",
            (_, "") when queryKeys.Contains("policyStatus") => "GetBucketPolicyStatus",
            (_, "") when queryKeys.Contains("location") => "GetBucketLocation",
            (_, "") when queryKeys.Contains("list-type") => "ListObjectsV2",
            (_, "") => "ListObjects",
            _ => "GetObject",
        };
        return (operation, values);
    }

    private static bool HttpMethodIsRead(string method) => method is "GET";

    private static FakeResult ListBuckets(FakeRequest r)
    {
        RequireSigned(r);
        return new XmlDocumentResult(new XElement("ListAllMyBucketsResult",
            new XElement("Owner", new XElement("ID", FakeIds.Hex(r.Account.AccountId, 64))),
            new XElement("Buckets", r.Account.Buckets.Select(b => new XElement("Bucket",
                new XElement("Name", b.Name), new XElement("CreationDate", Time(b.CreationDate)))))));
    }

    private static FakeResult ListObjectsV2(FakeRequest r)
    {
        var bucket = Readable(r);
        var prefix = r.RouteValues.GetValueOrDefault("prefix") ?? string.Empty;
        var token = r.RouteValues.GetValueOrDefault("continuation-token");
        var max = int.TryParse(r.RouteValues.GetValueOrDefault("max-keys"), CultureInfo.InvariantCulture, out var m)
            ? Math.Clamp(m, 0, 1000) : 1000;
        var keys = bucket.Objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var start = ParseToken(token, "InvalidArgument");
        // With a delimiter, keys below the next delimiter collapse into one CommonPrefixes entry each.
        var delimiter = r.RouteValues.GetValueOrDefault("delimiter");
        var folders = Folders(keys.Select(k => k.Key), prefix, delimiter);
        keys = [.. keys.Where(k => Folder(k.Key, prefix, delimiter) is null)];
        var page = keys.Skip(start).Take(max).ToList();
        var truncated = start + page.Count < keys.Count;

        var root = new XElement("ListBucketResult",
            new XElement("Name", bucket.Name),
            new XElement("Prefix", prefix),
            new XElement("KeyCount", page.Count),
            new XElement("MaxKeys", max),
            new XElement("IsTruncated", Bool(truncated)),
            page.Select(o => new XElement("Contents",
                new XElement("Key", o.Key),
                new XElement("LastModified", Time(o.Value.LastModified)),
                new XElement("ETag", ETag(o.Value.Content)),
                new XElement("Size", o.Value.Content.Length),
                new XElement("StorageClass", "STANDARD"))),
            folders.Select(f => new XElement("CommonPrefixes", new XElement("Prefix", f))));
        if (token is not null)
        {
            root.Add(new XElement("ContinuationToken", token));
        }

        if (truncated)
        {
            root.Add(new XElement("NextContinuationToken", Token(start + page.Count)));
        }

        return new XmlDocumentResult(root);
    }

    private static string? Folder(string key, string prefix, string? delimiter)
    {
        var at = string.IsNullOrEmpty(delimiter) ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter!.Length)];
    }

    private static List<string> Folders(IEnumerable<string> keys, string prefix, string? delimiter) =>
        [.. keys.Select(k => Folder(k, prefix, delimiter)).OfType<string>().Distinct()];

    private static FakeResult GetObject(FakeRequest r)
    {
        var bucket = Readable(r);
        var key = Uri.UnescapeDataString(r.Route("Key"));
        var found = bucket.Objects.GetValueOrDefault(key) ?? throw new AwsErrorException("NoSuchKey",
            "The specified key does not exist.", HttpStatusCode.NotFound);
        return new BytesResult(found.Content, "binary/octet-stream", found.LastModified);
    }

    /// <summary>The bucket's region; S3 answers an empty LocationConstraint for us-east-1.</summary>
    private static FakeResult GetBucketLocation(FakeRequest r)
    {
        RequireSigned(r);
        var bucket = Find(r);
        return new XmlDocumentResult(new XElement("LocationConstraint",
            bucket.Region == "us-east-1" ? null : bucket.Region));
    }

    private static FakeResult GetBucketPolicyStatus(FakeRequest r)
    {
        RequireSigned(r);
        var bucket = Find(r);
        if (!bucket.IsPublic)
        {
            throw new AwsErrorException("NoSuchBucketPolicy", "The bucket policy does not exist",
                HttpStatusCode.NotFound);
        }

        return new XmlDocumentResult(new XElement("PolicyStatus", new XElement("IsPublic", "true")));
    }

    private static FakeBucket Readable(FakeRequest r)
    {
        var bucket = Find(r);
        if (r.Caller == FakeAwsServer.Anonymous && !bucket.IsPublic)
        {
            throw new AwsErrorException("AccessDenied", "Access Denied", HttpStatusCode.Forbidden);
        }

        return bucket;
    }

    internal static FakeBucket Find(FakeRequest r)
    {
        var name = r.Route("Bucket");
        var bucket = r.Account.Buckets.Find(b => b.Name == name) ?? throw new AwsErrorException("NoSuchBucket",
            "The specified bucket does not exist", HttpStatusCode.NotFound);
        if (bucket.Region != r.Region && r.Operation != "GetBucketLocation")
        {
            throw new AwsErrorException("PermanentRedirect", "The bucket you are attempting to access must be "
                + "addressed using the specified endpoint. Please send all future requests to this endpoint.",
                HttpStatusCode.MovedPermanently);
        }

        return bucket;
    }

    private static void RequireSigned(FakeRequest r)
    {
        if (r.Caller == FakeAwsServer.Anonymous)
        {
            throw new AwsErrorException("AccessDenied", "Access Denied", HttpStatusCode.Forbidden);
        }
    }

    private static string ETag(byte[] content) => $"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"";

    private static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
