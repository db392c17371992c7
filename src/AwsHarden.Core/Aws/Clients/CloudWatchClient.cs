using System.Globalization;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>CloudWatch (AWS Query, API 2010-08-01), as the service model in use declares.</summary>
public sealed class CloudWatchClient(AwsSession session)
{
    public const string ApiVersion = "2010-08-01";

    /// <summary>Alarms on AWS/Billing EstimatedCharges. Billing metrics exist only in us-east-1 (or the
    /// partition's global region).</summary>
    public async Task<IReadOnlyList<MetricAlarm>> DescribeBillingAlarmsAsync(CancellationToken ct)
    {
        var result = await AwsQueryProtocol.CallAsync(session.Sender, AwsService.CloudWatch, ApiVersion,
            session.Partition.GlobalRegion, "DescribeAlarmsForMetric",
            [KeyValuePair.Create("Namespace", "AWS/Billing"), KeyValuePair.Create("MetricName", "EstimatedCharges")],
            ct).ConfigureAwait(false);

        return [.. result.Members("MetricAlarms").Select(a => new MetricAlarm
        {
            Name = a.ChildValue("AlarmName") ?? "",
            Namespace = a.ChildValue("Namespace"),
            MetricName = a.ChildValue("MetricName"),
            Threshold = double.TryParse(a.ChildValue("Threshold"), NumberStyles.Float, CultureInfo.InvariantCulture,
                out var t) ? t : null,
            ActionsEnabled = a.ChildBool("ActionsEnabled"),
            AlarmActions = [.. a.Members("AlarmActions").Select(m => m.Value)],
        })];
    }
}
