using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Cost Anomaly Detection has a monitor and a subscription with a subscriber that uses it.</summary>
public sealed class CeAnomalyDetection : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "ce.anomaly-detection",
        Title = "Cost Anomaly Detection alerts someone",
        Severity = Severity.Medium,
        Section = ChecklistSection.Initial,
        Rationale = "Crypto-mining on a stolen key shows up on the bill first; an anomaly alert turns a surprise "
            + "invoice at the end of the month into an e-mail the same day. It is free.",
        Remediation = "In Billing and Cost Management, create a cost monitor (AWS services) and an alert "
            + "subscription with at least one e-mail or SNS subscriber.",
        RemediationUrl = "https://docs.aws.amazon.com/cost-management/latest/userguide/"
            + "getting-started-ad.html",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var account = snapshot.AccountId;
        var data = snapshot.CostAnomaly;
        if (!data.Ok)
            return [Metadata.Unknown(account, SnapshotData.ErrorOf(data, "ce:GetAnomalyMonitors"))];

        var monitors = data.Value!.Monitors;
        if (monitors.Count == 0)
            return [Metadata.Fail(account, "No cost anomaly monitor exists.")];

        var monitorArns = monitors.Select(m => m.Arn).ToHashSet(StringComparer.Ordinal);
        var subscription = data.Value.Subscriptions
            .FirstOrDefault(s => s.SubscriberCount > 0 && s.MonitorArns.Any(monitorArns.Contains));

        if (subscription is null)
            return [Metadata.Fail(account, $"{monitors.Count} monitor(s) exist but no subscription with a "
                + "subscriber uses them.")];

        var alerted = subscription.SubscriberCount;
        return [Metadata.Pass(account, $"Subscription {subscription.Name} alerts {alerted} subscriber(s).")];
    }
}
