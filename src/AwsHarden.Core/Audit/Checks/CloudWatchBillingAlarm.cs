using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>A CloudWatch alarm on AWS/Billing EstimatedCharges notifies someone.</summary>
public sealed class CloudWatchBillingAlarm : ICheck
{
    // Billing metrics exist only in us-east-1.
    private const string BillingRegion = "us-east-1";

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "cloudwatch.billing-alarm",
        Title = "A billing alarm warns about runaway charges",
        Severity = Severity.Medium,
        Section = ChecklistSection.Additional,
        Rationale = "A fixed spending threshold catches what anomaly detection learns to accept, and costs nothing "
            + "for the first ten alarms.",
        Remediation = "Enable billing alerts in Billing preferences, then create a CloudWatch alarm in us-east-1 on "
            + "AWS/Billing EstimatedCharges with an SNS action that e-mails someone.",
        RemediationUrl = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/"
            + "monitor_estimated_charges_with_cloudwatch.html",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var account = snapshot.AccountId;
        var alarms = snapshot.BillingAlarms;
        if (!alarms.Ok)
        {
            var error = SnapshotData.ErrorOf(alarms, "cloudwatch:DescribeAlarms", BillingRegion);
            return [Metadata.Unknown(account, error)];
        }

        var billing = alarms.Value!.Where(IsBillingAlarm).ToList();
        var good = billing.FirstOrDefault(a => a.ActionsEnabled && a.AlarmActions.Count > 0);
        if (good is not null)
            return [Metadata.Pass(account, $"Alarm {good.Name} watches EstimatedCharges.", BillingRegion)];

        var message = billing.Count == 0
            ? "No alarm watches AWS/Billing EstimatedCharges."
            : $"Billing alarm(s) {string.Join(", ", billing.Select(a => a.Name))} have no enabled action.";
        return [Metadata.Fail(account, message, BillingRegion)];
    }

    private static bool IsBillingAlarm(MetricAlarm alarm) =>
        alarm.Namespace == "AWS/Billing" && alarm.MetricName == "EstimatedCharges";
}
