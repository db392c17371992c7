using System.Net;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>S3 bucket-level writes and the configuration reads that go with them (public access block,
/// default encryption, bucket policy), as the CloudTrail fix makes its log bucket.</summary>
internal static class S3BucketWrites
{
    private static readonly string[] Subresources = ["publicAccessBlock", "encryption", "policy"];

    public static void Register(Action<string, Func<FakeRequest, FakeResult>> on)
    {
        on("CreateBucket", CreateBucket);
        on("DeleteBucket", DeleteBucket);
        on("PutPublicAccessBlock", PutPublicAccessBlock);
        on("GetPublicAccessBlock", GetPublicAccessBlock);
        on("PutBucketEncryption", PutBucketEncryption);
        on("GetBucketEncryption", GetBucketEncryption);
        on("PutBucketPolicy", PutBucketPolicy);
        on("GetBucketPolicy", GetBucketPolicy);
    }

    /// <summary>The IAM action names that differ from the operation, per the S3 authorization reference.</summary>
    public static string IamActionName(string operation) => operation switch
    {
        "PutPublicAccessBlock" => "PutBucketPublicAccessBlock",
        "GetPublicAccessBlock" => "GetBucketPublicAccessBlock",
        "PutBucketEncryption" => "PutEncryptionConfiguration",
        "GetBucketEncryption" => "GetEncryptionConfiguration",
        _ => operation,
    };

    /// <summary>A GET of one of the configuration subresources handled here, or null.</summary>
    public static string? ConfigurationOperation(string method, IReadOnlyCollection<string> queryKeys) =>
        method == "GET" ? Operation(method, queryKeys) : null;

    /// <summary>The bucket-level operation a method and subresource name, or null when not served here.</summary>
    public static string? Operation(string method, IReadOnlyCollection<string> queryKeys)
    {
        var sub = Subresources.FirstOrDefault(queryKeys.Contains);
        return (method, sub) switch
        {
            ("PUT", null) => "CreateBucket",
            ("DELETE", null) => "DeleteBucket",
            ("PUT", "publicAccessBlock") => "PutPublicAccessBlock",
            ("GET", "publicAccessBlock") => "GetPublicAccessBlock",
            ("PUT", "encryption") => "PutBucketEncryption",
            ("GET", "encryption") => "GetBucketEncryption",
            ("PUT", "policy") => "PutBucketPolicy",
            ("GET", "policy") => "GetBucketPolicy",
            _ => null,
        };
    }

    private static FakeResult CreateBucket(FakeRequest r)
    {
        var name = r.Route("Bucket");
        if (r.Account.Buckets.Exists(b => b.Name == name))
        {
            throw new AwsErrorException("BucketAlreadyOwnedByYou", "Your previous request to create the named "
                + "bucket succeeded and you already own it.", HttpStatusCode.Conflict);
        }

        var constraint = Body(r)?.Descendants().FirstOrDefault(e => e.Name.LocalName == "LocationConstraint")?.Value;
        var region = string.IsNullOrEmpty(constraint) ? "us-east-1" : constraint;
        if (region != r.Region)
        {
            throw new AwsErrorException("IllegalLocationConstraintException", $"The {region} location constraint "
                + $"is incompatible for the region specific endpoint this request was sent to.");
        }

        r.Account.Buckets.Add(new FakeBucket { Name = name, Region = region, CreationDate = r.Time.GetUtcNow() });
        return new EmptyResult();
    }

    private static FakeResult DeleteBucket(FakeRequest r)
    {
        var bucket = S3Service.Find(r);
        if (bucket.Objects.Count > 0)
        {
            throw new AwsErrorException("BucketNotEmpty", "The bucket you tried to delete is not empty",
                HttpStatusCode.Conflict);
        }

        r.Account.Buckets.Remove(bucket);
        return new EmptyResult(204);
    }

    private static FakeResult PutPublicAccessBlock(FakeRequest r)
    {
        var bucket = S3Service.Find(r);
        var body = Body(r) ?? throw Malformed();
        bucket.PublicAccessBlock =
        [
            .. new[] { "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets" }
                .Select(n => string.Equals(Value(body, n), "true", StringComparison.OrdinalIgnoreCase)),
        ];
        return new EmptyResult();
    }

    private static FakeResult GetPublicAccessBlock(FakeRequest r)
    {
        var block = S3Service.Find(r).PublicAccessBlock ?? throw new AwsErrorException(
            "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found",
            HttpStatusCode.NotFound);
        return new XmlDocumentResult(new XElement("PublicAccessBlockConfiguration",
            new XElement("BlockPublicAcls", WireFormat.Bool(block[0])),
            new XElement("IgnorePublicAcls", WireFormat.Bool(block[1])),
            new XElement("BlockPublicPolicy", WireFormat.Bool(block[2])),
            new XElement("RestrictPublicBuckets", WireFormat.Bool(block[3]))));
    }

    private static FakeResult PutBucketEncryption(FakeRequest r)
    {
        var bucket = S3Service.Find(r);
        bucket.SseAlgorithm = Value(Body(r) ?? throw Malformed(), "SSEAlgorithm") ?? throw Malformed();
        return new EmptyResult();
    }

    private static FakeResult GetBucketEncryption(FakeRequest r)
    {
        var algorithm = S3Service.Find(r).SseAlgorithm ?? throw new AwsErrorException(
            "ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not "
            + "found", HttpStatusCode.NotFound);
        return new XmlDocumentResult(new XElement("ServerSideEncryptionConfiguration",
            new XElement("Rule", new XElement("ApplyServerSideEncryptionByDefault",
                new XElement("SSEAlgorithm", algorithm)), new XElement("BucketKeyEnabled", "false"))));
    }

    private static FakeResult PutBucketPolicy(FakeRequest r)
    {
        var bucket = S3Service.Find(r);
        var policy = System.Text.Encoding.UTF8.GetString(r.RawBody);
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(policy);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new AwsErrorException("MalformedPolicy", "Policies must be valid JSON.");
        }

        bucket.Policy = policy;
        return new EmptyResult(204);
    }

    private static FakeResult GetBucketPolicy(FakeRequest r)
    {
        var policy = S3Service.Find(r).Policy ?? throw new AwsErrorException("NoSuchBucketPolicy",
            "The bucket policy does not exist", HttpStatusCode.NotFound);
        return new BytesResult(System.Text.Encoding.UTF8.GetBytes(policy), "application/json",
            r.Time.GetUtcNow());
    }

    private static XElement? Body(FakeRequest r)
    {
        if (r.RawBody.Length == 0)
        {
            return null;
        }

        try
        {
            return XDocument.Parse(System.Text.Encoding.UTF8.GetString(r.RawBody)).Root;
        }
        catch (System.Xml.XmlException)
        {
            throw Malformed();
        }
    }

    private static string? Value(XElement root, string name) =>
        root.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static AwsErrorException Malformed() => new("MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema");
}
