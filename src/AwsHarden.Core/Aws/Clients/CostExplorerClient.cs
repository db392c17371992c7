using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>Cost Explorer anomaly detection (JSON 1.1, served from us-east-1).</summary>
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
