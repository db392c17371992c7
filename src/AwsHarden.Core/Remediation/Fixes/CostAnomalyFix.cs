using System.Text.Json.Nodes;
using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>Creates a Cost Anomaly Detection monitor over AWS services (unless one exists) and a subscription
/// that alerts the configured e-mail or SNS topic above the configured impact.</summary>
public sealed class CostAnomalyFix : IFix
{
    public const string MonitorName = "awsharden-services";
    public const string SubscriptionName = "awsharden-alerts";
    private const string Free = "Free: Cost Anomaly Detection has no charge; see "
        + "https://docs.aws.amazon.com/cost-management/latest/userguide/manage-ad.html";

    public IReadOnlyList<string> CheckIds { get; } = ["ce.anomaly-detection"];
    public FixPhase Phase => FixPhase.Cost;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "ce:GetAnomalyMonitors", "ce:GetAnomalySubscriptions", "ce:CreateAnomalyMonitor",
        "ce:CreateAnomalySubscription", "ce:DeleteAnomalyMonitor", "ce:DeleteAnomalySubscription",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        var data = context.Snapshot.CostAnomaly;
        if (!context.Fails(CheckIds[0]) || !data.Ok)
            yield break;

        var config = context.Config;
        if (config.AlertEmail is null && config.SnsTopicArn is null)
        {
            yield return Manual("Say where cost anomaly alerts go", [CheckIds[0]],
                "Set fix.alert_email (or fix.sns_topic_arn) in awsharden.yaml and plan again; or create a "
                + "monitor and subscription in the console.",
                "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/overview");
            yield break;
        }

        var existing = data.Value!.Monitors.FirstOrDefault(m => m.Type == "DIMENSIONAL");
        var monitorKey = new ResourceKey(ResourceTypes.AnomalyMonitor, MonitorName, Global);
        if (existing is null)
            yield return Monitor(monitorKey);

        yield return Subscription(config, existing?.Arn ?? Placeholders.Ref(monitorKey, "MonitorArn"));
    }

    private PlanStep Monitor(ResourceKey key)
    {
        var monitor = new JsonObject
        {
            ["MonitorName"] = MonitorName, ["MonitorType"] = "DIMENSIONAL", ["MonitorDimension"] = "SERVICE",
        }.ToJsonString();
        return Api("Create a cost anomaly monitor for AWS services", [CheckIds[0]],
            [Call("ce", "CreateAnomalyMonitor", Global, ("AnomalyMonitor", monitor))],
            Absent(key), Present(key, ("MonitorType", "DIMENSIONAL"), ("MonitorDimension", "SERVICE")),
            [Call("ce", "DeleteAnomalyMonitor", Global, ("MonitorArn", Placeholders.After("MonitorArn")))],
            "DeleteAnomalyMonitor on the monitor this step created.",
            "Machine learning over each service's daily spend spots a mined key or a runaway job early.",
            ["ce:GetAnomalyMonitors"], Free);
    }

    private PlanStep Subscription(FixConfig config, string monitorArn)
    {
        var key = new ResourceKey(ResourceTypes.AnomalySubscription, SubscriptionName, Global);
        var sns = config.SnsTopicArn is not null;
        var subscriber = sns ? $"SNS:{config.SnsTopicArn}" : $"EMAIL:{config.AlertEmail}";
        var subscription = new JsonObject
        {
            ["SubscriptionName"] = SubscriptionName,
            ["MonitorArnList"] = new JsonArray(monitorArn),
            ["Subscribers"] = new JsonArray(new JsonObject
            {
                ["Type"] = sns ? "SNS" : "EMAIL", ["Address"] = sns ? config.SnsTopicArn : config.AlertEmail,
            }),
            // Immediate alerts need SNS; e-mail subscribers get the daily summary.
            ["Frequency"] = sns ? "IMMEDIATE" : "DAILY",
            ["ThresholdExpression"] = new JsonObject
            {
                ["Dimensions"] = new JsonObject
                {
                    ["Key"] = "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    ["MatchOptions"] = new JsonArray("GREATER_THAN_OR_EQUAL"),
                    ["Values"] = new JsonArray(Number(config.AnomalyThresholdUsd)),
                },
            },
        }.ToJsonString();
        return Api($"Subscribe {subscriber} to cost anomalies over {config.AnomalyThresholdUsd} USD", [CheckIds[0]],
            [Call("ce", "CreateAnomalySubscription", Global, ("AnomalySubscription", subscription))],
            Absent(key), Present(key, ("Subscriber", subscriber)),
            [Call("ce", "DeleteAnomalySubscription", Global,
                ("SubscriptionArn", Placeholders.After("SubscriptionArn")))],
            "DeleteAnomalySubscription on the subscription this step created.",
            "A monitor alerts nobody until something subscribes to it.",
            ["ce:GetAnomalySubscriptions"], Free);
    }
}
