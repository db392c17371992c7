using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

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
}
