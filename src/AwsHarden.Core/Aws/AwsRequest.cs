using System.Net;

namespace AwsHarden.Aws;

/// <summary>The wire protocols the request layer speaks, named as in the service models.</summary>
public enum AwsProtocol { Query, Json, RestJson }

/// <summary>One call before signing: which service and operation, and the HTTP parts the protocol produced.</summary>
public sealed record AwsRequest
{
    public required AwsService Service { get; init; }
    public required string Region { get; init; }
    /// <summary>The model's operation name, e.g. <c>GetAccountSummary</c>.</summary>
    public required string Operation { get; init; }
    public required AwsProtocol Protocol { get; init; }
    public HttpMethod Method { get; init; } = HttpMethod.Post;
    /// <summary>The path below the endpoint, starting with '/', already holding any URI labels.</summary>
    public string Path { get; init; } = "/";
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];
    public byte[] Body { get; init; } = [];
    public string? ContentType { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The IAM action this call needs, e.g. <c>iam:GetAccountSummary</c>.</summary>
    public string Action => $"{Service.IamPrefix}:{Operation}";

    /// <summary>The region to report on failures; global services report none.</summary>
    public string? ReportedRegion => Service.IsGlobal ? null : Region;
}

/// <summary>A successful answer: status, headers (lower-case names) and the raw body.</summary>
public sealed record AwsResponse(HttpStatusCode StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body);
