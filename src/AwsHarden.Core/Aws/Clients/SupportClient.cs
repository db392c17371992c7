using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>AWS Support's Trusted Advisor operations (JSON 1.1, us-east-1). Needs Business support or higher.
/// </summary>
public sealed class SupportClient(AwsSession session)
{
    private const string TargetPrefix = "AWSSupport_20130415";

    public async Task<IReadOnlyList<(string Id, string Name, string Category)>> DescribeTrustedAdvisorChecksAsync(
        CancellationToken ct)
    {
        var body = await AwsJsonProtocol.CallAsync(session.Sender, AwsService.Support, session.HomeRegion,
            TargetPrefix, "DescribeTrustedAdvisorChecks", new JsonObject { ["language"] = "en" }, ct)
            .ConfigureAwait(false);
        return [.. body.Array("checks").Select(c => (c.String("id") ?? "", c.String("name") ?? "",
            c.String("category") ?? ""))];
    }

    /// <summary>Summaries joined with the checks' names and categories.</summary>
    public async Task<IReadOnlyList<TrustedAdvisorCheck>> DescribeTrustedAdvisorCheckSummariesAsync(
        IReadOnlyList<(string Id, string Name, string Category)> checks, CancellationToken ct)
    {
        if (checks.Count == 0)
        {
            return [];
        }

        var ids = new JsonArray([.. checks.Select(c => JsonValue.Create(c.Id))]);
        var body = await AwsJsonProtocol.CallAsync(session.Sender, AwsService.Support, session.HomeRegion,
            TargetPrefix, "DescribeTrustedAdvisorCheckSummaries", new JsonObject { ["checkIds"] = ids }, ct)
            .ConfigureAwait(false);

        var byId = checks.ToDictionary(c => c.Id, StringComparer.Ordinal);
        return [.. body.Array("summaries").Select(s =>
        {
            var id = s.String("checkId") ?? "";
            byId.TryGetValue(id, out var check);
            var flagged = s.Object("resourcesSummary") is { } r && r.TryGetProperty("resourcesFlagged", out var f)
                && f.TryGetInt64(out var n) ? n : 0;
            return new TrustedAdvisorCheck(id, check.Name ?? id, check.Category ?? "", s.String("status") ?? "",
                flagged);
        })];
    }
}
