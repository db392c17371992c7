using System.Globalization;
using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>One day's unblended cost of one service in one region, as Cost Explorer groups it.</summary>
public sealed record DailyCost(DateOnly Day, string Service, string Region, decimal Amount, string Unit);

/// <summary>Cost Explorer: anomaly detection and daily cost (JSON 1.1, served from us-east-1).</summary>
public sealed class CostExplorerClient(AwsSession session)
{
    private const string TargetPrefix = "AWSInsightsIndexService";

    public Task<List<AnomalyMonitor>> GetAnomalyMonitorsAsync(CancellationToken ct) =>
        AwsPaging.CollectAsync<AnomalyMonitor>(async token =>
        {
            var body = await CallAsync("GetAnomalyMonitors", token, ct).ConfigureAwait(false);
            var monitors = body.Array("AnomalyMonitors").Select(m => new AnomalyMonitor(
                m.String("MonitorArn") ?? "", m.String("MonitorName") ?? "", m.String("MonitorType")));
            return (monitors.ToList(), body.String("NextPageToken"));
        });

    public Task<List<AnomalySubscription>> GetAnomalySubscriptionsAsync(CancellationToken ct) =>
        AwsPaging.CollectAsync<AnomalySubscription>(async token =>
        {
            var body = await CallAsync("GetAnomalySubscriptions", token, ct).ConfigureAwait(false);
            var subscriptions = body.Array("AnomalySubscriptions").Select(s => new AnomalySubscription(
                s.String("SubscriptionArn") ?? "",
                s.String("SubscriptionName") ?? "",
                [.. s.Array("MonitorArnList").Select(a => a.GetString() ?? "")],
                s.Array("Subscribers").Count()));
            return (subscriptions.ToList(), body.String("NextPageToken"));
        });

    /// <summary>Daily unblended cost from <paramref name="start"/> to <paramref name="end"/> (exclusive), grouped
    /// by service and region in one request per page: Cost Explorer charges for every request.</summary>
    public Task<List<DailyCost>> GetDailyCostByServiceAndRegionAsync(DateOnly start, DateOnly end,
        CancellationToken ct) =>
        AwsPaging.CollectAsync<DailyCost>(async token =>
        {
            var input = new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = Day(start), ["End"] = Day(end) },
                ["Granularity"] = "DAILY",
                ["Metrics"] = new JsonArray("UnblendedCost"),
                ["GroupBy"] = new JsonArray(
                    new JsonObject { ["Type"] = "DIMENSION", ["Key"] = "SERVICE" },
                    new JsonObject { ["Type"] = "DIMENSION", ["Key"] = "REGION" }),
            };
            if (token is not null) input["NextPageToken"] = token;
            var body = await AwsJsonProtocol.CallAsync(session.Sender, AwsService.CostExplorer, session.HomeRegion,
                TargetPrefix, "GetCostAndUsage", input, ct).ConfigureAwait(false);
            var costs = body.Array("ResultsByTime").SelectMany(Costs);
            return (costs.ToList(), body.String("NextPageToken"));
        });

    private static IEnumerable<DailyCost> Costs(System.Text.Json.JsonElement result)
    {
        var day = DateOnly.ParseExact(result.Object("TimePeriod")?.String("Start") ?? "", "yyyy-MM-dd",
            CultureInfo.InvariantCulture);
        foreach (var group in result.Array("Groups"))
        {
            var keys = group.Array("Keys").Select(k => k.GetString() ?? "").ToList();
            var metric = group.Object("Metrics")?.Object("UnblendedCost");
            var amount = decimal.Parse(metric?.String("Amount") ?? "0", NumberStyles.Float,
                CultureInfo.InvariantCulture);
            yield return new DailyCost(day, keys.ElementAtOrDefault(0) ?? "", keys.ElementAtOrDefault(1) ?? "",
                amount, metric?.String("Unit") ?? "USD");
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<System.Text.Json.JsonElement> CallAsync(string operation, string? token, CancellationToken ct)
    {
        var input = new JsonObject();
        if (token is not null)
        {
            input["NextPageToken"] = token;
        }

        return AwsJsonProtocol.CallAsync(session.Sender, AwsService.CostExplorer, session.HomeRegion, TargetPrefix,
            operation, input, ct);
    }
}
