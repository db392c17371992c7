using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AwsHarden.Tests.Aws;

/// <summary>An in-process answerer for unit tests: names each request by its IAM action (from the SigV4
/// scope and Action, X-Amz-Target or REST path) and answers from a table. Unanswered actions get a 400.</summary>
internal sealed partial class StubAwsHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<StubRequest, HttpResponseMessage>> routes = new(StringComparer.Ordinal);

    public List<StubRequest> Requests { get; } = [];

    public StubAwsHandler On(string action, Func<StubRequest, HttpResponseMessage> answer)
    {
        routes[action] = answer;
        return this;
    }

    public StubAwsHandler OnXml(string action, string xml) => On(action, _ => Xml(HttpStatusCode.OK, xml));

    public StubAwsHandler OnJson(string action, string json) => On(action, _ => Json(HttpStatusCode.OK, json));

    public static HttpResponseMessage Xml(HttpStatusCode status, string xml) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage QueryError(HttpStatusCode status, string code, string message = "denied") =>
        Xml(status, $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>" +
            $"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>");

    public static HttpResponseMessage JsonError(HttpStatusCode status, string code, string message = "denied") =>
        Json(status, $$"""{"__type":"com.amazonaws.test#{{code}}","message":"{{message}}"}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        var stub = new StubRequest(Identify(request, body), request.Method, request.RequestUri!, body,
            request.Headers.TryGetValues("Authorization", out var auth) ? auth.First() : null);
        lock (Requests)
        {
            Requests.Add(stub);
        }

        return routes.TryGetValue(stub.Action, out var answer)
            ? answer(stub)
            : JsonError(HttpStatusCode.BadRequest, "UnknownOperationException", stub.Action);
    }

    private static string Identify(HttpRequestMessage request, string body)
    {
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
        {
            var target = targets.First();
            var prefix = target[..target.LastIndexOf('.')];
            var service = prefix switch
            {
                "AWSInsightsIndexService" => "ce",
                "SWBExternalService" => "sso",
                "AWSOrganizationsV20161128" => "organizations",
                "AWSSupport_20130415" => "support",
                _ when prefix.Contains("CloudTrail", StringComparison.Ordinal) => "cloudtrail",
                _ => prefix,
            };
            return $"{service}:{target[(target.LastIndexOf('.') + 1)..]}";
        }

        var action = ActionPattern().Match(body);
        if (action.Success)
        {
            var scope = request.Headers.TryGetValues("Authorization", out var a)
                ? ScopePattern().Match(a.First())
                : null;
            var service = scope?.Groups[1].Value == "monitoring" ? "cloudwatch" : scope?.Groups[1].Value;
            return $"{service}:{action.Groups[1].Value}";
        }

        var path = request.RequestUri!.AbsolutePath;
        return path switch
        {
            "/getAlternateContact" => "account:GetAlternateContact",
            "/detector" => "guardduty:ListDetectors",
            "/analyzer" => "access-analyzer:ListAnalyzers",
            _ when path.StartsWith("/detector/", StringComparison.Ordinal) => "guardduty:GetDetector",
            _ => "unknown:" + path,
        };
    }

    [GeneratedRegex(@"(?:^|&)Action=([A-Za-z0-9]+)")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")]
    private static partial Regex ScopePattern();
}

internal sealed record StubRequest(string Action, HttpMethod Method, Uri Uri, string Body, string? Authorization)
{
    /// <summary>The region from the SigV4 credential scope.</summary>
    public string? SigningRegion => Authorization?.Split('/') is { Length: > 3 } parts ? parts[2] : null;
}
