using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>An active Access Analyzer finding: a resource that a principal outside the zone of trust can reach.
/// </summary>
public sealed record AccessFinding(string Id, string Resource, string? ResourceType, string Principal,
    bool IsPublic, DateTimeOffset? CreatedAt);

/// <summary>IAM Access Analyzer (REST-JSON, regional).</summary>
public sealed class AccessAnalyzerClient(AwsSession session)
{
    public Task<List<AccessAnalyzer>> ListAnalyzersAsync(string region, CancellationToken ct) =>
        AwsPaging.CollectAsync<AccessAnalyzer>(async token =>
        {
            List<KeyValuePair<string, string>> query = [];
            if (token is not null)
            {
                query.Add(KeyValuePair.Create("nextToken", token));
            }

            var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.AccessAnalyzer, region,
                "ListAnalyzers", HttpMethod.Get, "/analyzer", query, null, ct).ConfigureAwait(false);
            var analyzers = body.Array("analyzers").Select(a => new AccessAnalyzer(
                a.String("name") ?? "", a.String("arn") ?? "", a.String("type") ?? "", a.String("status") ?? ""));
            return (analyzers.ToList(), body.String("nextToken"));
        });

    /// <summary>The ACTIVE findings of one analyzer. ListFindings (not V2) because only it names the principal.
    /// </summary>
    public Task<List<AccessFinding>> ListActiveFindingsAsync(string region, string analyzerArn,
        CancellationToken ct) =>
        AwsPaging.CollectAsync<AccessFinding>(async token =>
        {
            var input = new JsonObject
            {
                ["analyzerArn"] = analyzerArn,
                ["filter"] = new JsonObject { ["status"] = new JsonObject { ["eq"] = new JsonArray("ACTIVE") } },
            };
            if (token is not null) input["nextToken"] = token;
            var body = await AwsRestJsonProtocol.CallAsync(session.Sender, AwsService.AccessAnalyzer, region,
                "ListFindings", HttpMethod.Post, "/finding", null, input, ct).ConfigureAwait(false);
            var findings = body.Array("findings").Select(f => new AccessFinding(f.String("id") ?? "",
                f.String("resource") ?? "", f.String("resourceType"), Principal(f), f.Bool("isPublic"),
                f.String("createdAt") is { } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo
                    .InvariantCulture) : null));
            return (findings.ToList(), body.String("nextToken"));
        });

    /// <summary>The principal map (<c>AWS</c>, <c>Federated</c>…) as one line, e.g. <c>AWS=*</c>.</summary>
    private static string Principal(JsonElement finding) =>
        finding.Object("principal") is { ValueKind: JsonValueKind.Object } map
            ? string.Join(", ", map.EnumerateObject().Select(p => $"{p.Name}={p.Value}"))
            : "";
}
