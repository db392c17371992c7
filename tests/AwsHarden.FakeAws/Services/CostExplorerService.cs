using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>Cost Explorer (JSON 1.1): Cost Anomaly Detection monitors and subscriptions.</summary>
internal sealed class CostExplorerService : FakeService
{
    public CostExplorerService()
    {
        On("GetAnomalyMonitors", r => new JsonResult(JsonPaging.Page(r, r.Account.AnomalyMonitors,
            "AnomalyMonitors", Monitor, "NextPageToken", defaultMax: 100)));
        On("GetAnomalySubscriptions", r => new JsonResult(JsonPaging.Page(r, r.Account.AnomalySubscriptions,
            "AnomalySubscriptions", s => Subscription(r.Account, s), "NextPageToken", defaultMax: 100)));
        On("CreateAnomalyMonitor", CreateAnomalyMonitor);
        On("CreateAnomalySubscription", CreateAnomalySubscription);
        On("DeleteAnomalyMonitor", r => Delete(r, "MonitorArn", "UnknownMonitorException",
            arn => r.Account.AnomalyMonitors.RemoveAll(m => m.MonitorArn == arn)));
        On("DeleteAnomalySubscription", r => Delete(r, "SubscriptionArn", "UnknownSubscriptionException",
            arn => r.Account.AnomalySubscriptions.RemoveAll(s => s.SubscriptionArn == arn)));
    }

    public override string SigningName => "ce";

    private static JsonNode Monitor(FakeAnomalyMonitor m)
    {
        var node = new JsonObject
        {
            ["MonitorArn"] = m.MonitorArn,
            ["MonitorName"] = m.MonitorName,
            ["CreationDate"] = m.CreationDate,
            ["MonitorType"] = m.MonitorType,
        };
        if (m.MonitorDimension is not null)
        {
            node["MonitorDimension"] = m.MonitorDimension;
        }

        return node;
    }

    private static JsonNode Subscription(FakeAccount account, FakeAnomalySubscription s) => new JsonObject
    {
        ["SubscriptionArn"] = s.SubscriptionArn,
        ["AccountId"] = account.AccountId,
        ["MonitorArnList"] = JsonPaging.Strings(s.MonitorArnList),
        ["Subscribers"] = new JsonArray([.. s.Subscribers.Select(x => (JsonNode)new JsonObject
        {
            ["Address"] = x.Address,
            ["Type"] = x.Type,
            ["Status"] = x.Status,
        })]),
        ["Threshold"] = s.Threshold,
        ["Frequency"] = s.Frequency,
        ["SubscriptionName"] = s.SubscriptionName,
    };

    private static FakeResult Delete(FakeRequest r, string member, string code, Func<string, int> remove) =>
        remove(r.RequireJson(member)) > 0
            ? new JsonResult([])
            : throw new AwsErrorException(code, $"No anomaly resource with that {member}.");

    private static FakeResult CreateAnomalyMonitor(FakeRequest r)
    {
        var spec = r.Body["AnomalyMonitor"] ?? throw new AwsErrorException("ValidationException",
            "AnomalyMonitor must not be null.");
        var name = spec["MonitorName"]?.GetValue<string>() ?? "monitor";
        var arn = $"arn:aws:ce::{r.Account.AccountId}:anomalymonitor/{Guid.NewGuid()}";
        r.Account.AnomalyMonitors.Add(new FakeAnomalyMonitor(arn, name,
            spec["MonitorType"]?.GetValue<string>() ?? "DIMENSIONAL", spec["MonitorDimension"]?.GetValue<string>()));
        return new JsonResult(new JsonObject { ["MonitorArn"] = arn });
    }

    private static FakeResult CreateAnomalySubscription(FakeRequest r)
    {
        var spec = r.Body["AnomalySubscription"] ?? throw new AwsErrorException("ValidationException",
            "AnomalySubscription must not be null.");
        var arn = $"arn:aws:ce::{r.Account.AccountId}:anomalysubscription/{Guid.NewGuid()}";
        var subscribers = spec["Subscribers"]?.AsArray().Select(s => new FakeAnomalySubscriber(
            s?["Address"]?.GetValue<string>() ?? string.Empty, s?["Type"]?.GetValue<string>() ?? "EMAIL"));
        r.Account.AnomalySubscriptions.Add(new FakeAnomalySubscription(arn,
            spec["SubscriptionName"]?.GetValue<string>() ?? "subscription",
            [.. spec["MonitorArnList"]?.AsArray().Select(a => a!.GetValue<string>()) ?? []],
            [.. subscribers ?? []],
            spec["Threshold"]?.GetValue<double>() ?? 100,
            spec["Frequency"]?.GetValue<string>() ?? "DAILY"));
        return new JsonResult(new JsonObject { ["SubscriptionArn"] = arn });
    }
}
