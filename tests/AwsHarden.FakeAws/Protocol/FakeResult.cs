using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace AwsHarden.FakeAws.Protocol;

/// <summary>What a handler answers; the protocol layer wraps it in the service's response envelope.</summary>
public abstract record FakeResult;

/// <summary>Query: the children of <c>&lt;OpResult&gt;</c> (none at all when <paramref name="Content"/> is null).
/// EC2: the children of <c>&lt;OpResponse&gt;</c> after <c>requestId</c>. Namespaces are added on output.</summary>
public sealed record XmlResult(IReadOnlyList<XElement>? Content) : FakeResult
{
    public static XmlResult Of(params XElement[] content) => new(content);

    public static XmlResult Empty { get; } = new((IReadOnlyList<XElement>?)null);
}

public sealed record JsonResult(JsonObject Body, int StatusCode = 200) : FakeResult;

/// <summary>REST-XML (S3): a whole document, written in the service namespace.</summary>
public sealed record XmlDocumentResult(XElement Root) : FakeResult;

/// <summary>Raw bytes, e.g. an S3 object body.</summary>
public sealed record BytesResult(byte[] Body, string ContentType, DateTimeOffset LastModified) : FakeResult;

/// <summary>REST-XML (S3): a status code and no body, as S3 answers most bucket writes.</summary>
public sealed record EmptyResult(int StatusCode = 200) : FakeResult;
