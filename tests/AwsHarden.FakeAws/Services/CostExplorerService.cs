using System.Globalization;
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
        On("GetCostAndUsage", GetCostAndUsage);
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

    /// <summary>DAILY UnblendedCost grouped by up to two of SERVICE and REGION, one ResultByTime per day of the
    /// TimePeriod (end exclusive), paged by days.</summary>
    private static FakeResult GetCostAndUsage(FakeRequest r)
    {
        var period = r.Body["TimePeriod"] ?? throw new AwsErrorException("ValidationException",
            "TimePeriod must not be null.");
        var start = Day(period["Start"]);
        var end = Day(period["End"]);
        if (end <= start)
        {
            throw new AwsErrorException("ValidationException", "Start date must be before end date.");
        }
        if (r.Json("Granularity") != "DAILY")
        {
            throw new AwsErrorException("ValidationException", "TODO(fake): only DAILY granularity is served.");
        }
        var keys = r.Body["GroupBy"]?.AsArray().Select(g => g?["Key"]?.GetValue<string>() ?? "").ToList() ?? [];
        if (keys.Count > 2 || keys.Exists(k => k is not ("SERVICE" or "REGION")))
        {
            throw new AwsErrorException("ValidationException", "GroupBy takes up to two of SERVICE and REGION here.");
        }
        var days = Enumerable.Range(0, end.DayNumber - start.DayNumber).Select(start.AddDays).ToList();
        var body = JsonPaging.Page(r, days, "ResultsByTime", d => Result(r.Account, d, keys), "NextPageToken",
            "MaxResults", defaultMax: 14);
        body["GroupDefinitions"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
        {
            ["Type"] = "DIMENSION",
            ["Key"] = k,
        })]);
        return new JsonResult(body);
    }

    private static JsonNode Result(FakeAccount account, DateOnly day, List<string> keys)
    {
        var groups = account.DailyCosts.Where(c => c.Day == day)
            .GroupBy(c => string.Join('|', keys.Select(k => k == "SERVICE" ? c.Service : c.Region)))
            .Select(g => (JsonNode)new JsonObject
            {
                ["Keys"] = JsonPaging.Strings(g.Key.Split('|')),
                ["Metrics"] = new JsonObject { ["UnblendedCost"] = Metric(g.Sum(c => c.Amount)) },
            });
        return new JsonObject
        {
            ["TimePeriod"] = new JsonObject { ["Start"] = Text(day), ["End"] = Text(day.AddDays(1)) },
            ["Total"] = new JsonObject(),
            ["Groups"] = new JsonArray([.. groups]),
            ["Estimated"] = false,
        };
    }

    private static JsonObject Metric(decimal amount) => new()
    {
        ["Amount"] = amount.ToString(CultureInfo.InvariantCulture),
        ["Unit"] = "USD",
    };

    private static DateOnly Day(JsonNode? node) =>
        DateOnly.TryParseExact(node?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var day)
            ? day
            : throw new AwsErrorException("ValidationException", "Dates must be yyyy-MM-dd.");

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
