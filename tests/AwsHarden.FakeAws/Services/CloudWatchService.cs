using System.Globalization;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>CloudWatch (Query protocol): metric alarms, e.g. the billing alarm in us-east-1.</summary>
/// <remarks>TODO(fake): CloudWatch's JSON 1.0 protocol (GraniteServiceVersion20100801) is not served.</remarks>
internal sealed class CloudWatchService : FakeService
{
    public CloudWatchService()
    {
        On("DescribeAlarmsForMetric", DescribeAlarmsForMetric);
        On("DescribeAlarms", DescribeAlarms);
        On("PutMetricAlarm", PutMetricAlarm);
    }

    public override string SigningName => "monitoring";

    private static FakeResult DescribeAlarmsForMetric(FakeRequest r)
    {
        var metric = r.RequireParam("MetricName");
        var ns = r.RequireParam("Namespace");
        var dimensions = Dimensions(r);
        var alarms = r.Account.Alarms.Where(a => a.Region == r.Region && a.MetricName == metric && a.Namespace == ns)
            .Where(a => dimensions.Count == 0 || a.Dimensions.SequenceEqual(dimensions))
            .Where(a => r.Param("Statistic") is not { } s || a.Statistic == s);
        return XmlResult.Of(new XElement("MetricAlarms", alarms.Select(a => Alarm(r.Account, a))));
    }

    private static FakeResult DescribeAlarms(FakeRequest r)
    {
        var names = r.ListParam("AlarmNames.member");
        var prefix = r.Param("AlarmNamePrefix");
        var state = r.Param("StateValue");
        var alarms = r.Account.Alarms.Where(a => a.Region == r.Region)
            .Where(a => names.Count == 0 || names.Contains(a.AlarmName))
            .Where(a => prefix is null || a.AlarmName.StartsWith(prefix, StringComparison.Ordinal))
            .Where(a => state is null || a.StateValue == state)
            .ToList();
        var start = ParseToken(r.Param("NextToken"), "InvalidNextToken");
        var max = Math.Clamp(r.IntParam("MaxRecords") ?? 50, 1, 100);
        var page = alarms.Skip(start).Take(max);

        var content = new List<XElement>
        {
            new("MetricAlarms", page.Select(a => Alarm(r.Account, a))),
            new("CompositeAlarms"),
        };
        if (start + max < alarms.Count)
        {
            content.Add(new XElement("NextToken", Token(start + max)));
        }

        return new XmlResult(content);
    }

    private static FakeResult PutMetricAlarm(FakeRequest r)
    {
        var name = r.RequireParam("AlarmName");
        r.Account.Alarms.RemoveAll(a => a.Region == r.Region && a.AlarmName == name);
        r.Account.Alarms.Add(new FakeAlarm
        {
            Region = r.Region,
            AlarmName = name,
            AlarmDescription = r.Param("AlarmDescription"),
            Namespace = r.RequireParam("Namespace"),
            MetricName = r.RequireParam("MetricName"),
            Dimensions = Dimensions(r),
            Statistic = r.Param("Statistic") ?? "Maximum",
            Period = r.IntParam("Period") ?? 300,
            EvaluationPeriods = r.IntParam("EvaluationPeriods") ?? 1,
            Threshold = double.Parse(r.RequireParam("Threshold"), CultureInfo.InvariantCulture),
            ComparisonOperator = r.RequireParam("ComparisonOperator"),
            ActionsEnabled = r.BoolParam("ActionsEnabled") ?? true,
            AlarmActions = r.ListParam("AlarmActions.member"),
            StateValue = "INSUFFICIENT_DATA",
        });
        return XmlResult.Empty;
    }

    private static List<FakeDimension> Dimensions(FakeRequest r)
    {
        var dimensions = new List<FakeDimension>();
        for (var i = 1; r.Param($"Dimensions.member.{i}.Name") is { } name; i++)
        {
            dimensions.Add(new FakeDimension(name, r.Param($"Dimensions.member.{i}.Value") ?? string.Empty));
        }

        return dimensions;
    }

    private static XElement Alarm(FakeAccount account, FakeAlarm a) => new("member",
        new XElement("AlarmName", a.AlarmName),
        new XElement("AlarmArn", $"arn:{account.Partition}:cloudwatch:{a.Region}:{account.AccountId}:alarm:" +
            a.AlarmName),
        Opt("AlarmDescription", a.AlarmDescription),
        new XElement("ActionsEnabled", Bool(a.ActionsEnabled)),
        new XElement("OKActions"),
        new XElement("AlarmActions", a.AlarmActions.Select(x => new XElement("member", x))),
        new XElement("InsufficientDataActions"),
        new XElement("StateValue", a.StateValue),
        new XElement("MetricName", a.MetricName),
        new XElement("Namespace", a.Namespace),
        new XElement("Statistic", a.Statistic),
        new XElement("Dimensions", a.Dimensions.Select(d => new XElement("member",
            new XElement("Name", d.Name), new XElement("Value", d.Value)))),
        new XElement("Period", a.Period),
        new XElement("EvaluationPeriods", a.EvaluationPeriods),
        new XElement("Threshold", Number(a.Threshold)),
        new XElement("ComparisonOperator", a.ComparisonOperator));
}
