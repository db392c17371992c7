using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;
using static AwsHarden.FakeAws.Protocol.WireFormat;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// CloudWatch metric alarms, e.g. the billing alarm in us-east-1. Served in both of CloudWatch's protocols:
/// AWS Query and JSON 1.0 (X-Amz-Target: GraniteServiceVersion20100801.*); each handler reads and answers in
/// the protocol the request came in.
/// </summary>
internal sealed class CloudWatchService : FakeService
{
    public CloudWatchService()
    {
        On("DescribeAlarmsForMetric", DescribeAlarmsForMetric);
        On("DescribeAlarms", DescribeAlarms);
        On("PutMetricAlarm", PutMetricAlarm);
        On("DeleteAlarms", DeleteAlarms);
    }

    public override string SigningName => "monitoring";

    private static FakeResult DescribeAlarmsForMetric(FakeRequest r)
    {
        var metric = Require(r, "MetricName");
        var ns = Require(r, "Namespace");
        var dimensions = Dimensions(r);
        var statistic = Text(r, "Statistic");
        var alarms = r.Account.Alarms.Where(a => a.Region == r.Region && a.MetricName == metric && a.Namespace == ns)
            .Where(a => dimensions.Count == 0 || a.Dimensions.SequenceEqual(dimensions))
            .Where(a => statistic is null || a.Statistic == statistic)
            .ToList();
        return IsJson(r)
            ? new JsonResult(new JsonObject { ["MetricAlarms"] = new JsonArray([.. alarms.Select(JsonAlarm(r))]) })
            : XmlResult.Of(new XElement("MetricAlarms", alarms.Select(a => XmlAlarm(r.Account, a))));
    }

    private static FakeResult DescribeAlarms(FakeRequest r)
    {
        var names = Strings(r, "AlarmNames");
        var prefix = Text(r, "AlarmNamePrefix");
        var state = Text(r, "StateValue");
        var alarms = r.Account.Alarms.Where(a => a.Region == r.Region)
            .Where(a => names.Count == 0 || names.Contains(a.AlarmName))
            .Where(a => prefix is null || a.AlarmName.StartsWith(prefix, StringComparison.Ordinal))
            .Where(a => state is null || a.StateValue == state)
            .ToList();
        var start = ParseToken(Text(r, "NextToken"), "InvalidNextToken");
        var max = Math.Clamp(Int(r, "MaxRecords") ?? 50, 1, 100);
        var page = alarms.Skip(start).Take(max).ToList();
        var next = start + max < alarms.Count ? Token(start + max) : null;

        if (IsJson(r))
        {
            var body = new JsonObject
            {
                ["MetricAlarms"] = new JsonArray([.. page.Select(JsonAlarm(r))]),
                ["CompositeAlarms"] = new JsonArray(),
            };
            if (next is not null)
            {
                body["NextToken"] = next;
            }

            return new JsonResult(body);
        }

        return XmlResult.Of([
            new XElement("MetricAlarms", page.Select(a => XmlAlarm(r.Account, a))),
            new XElement("CompositeAlarms"),
            .. next is null ? Array.Empty<XElement>() : [new XElement("NextToken", next)],
        ]);
    }

    private static FakeResult PutMetricAlarm(FakeRequest r)
    {
        var name = Require(r, "AlarmName");
        r.Account.Alarms.RemoveAll(a => a.Region == r.Region && a.AlarmName == name);
        r.Account.Alarms.Add(new FakeAlarm
        {
            Region = r.Region,
            AlarmName = name,
            AlarmDescription = Text(r, "AlarmDescription"),
            Namespace = Require(r, "Namespace"),
            MetricName = Require(r, "MetricName"),
            Dimensions = Dimensions(r),
            Statistic = Text(r, "Statistic") ?? "Maximum",
            Period = Int(r, "Period") ?? 300,
            EvaluationPeriods = Int(r, "EvaluationPeriods") ?? 1,
            Threshold = double.Parse(Require(r, "Threshold"), CultureInfo.InvariantCulture),
            ComparisonOperator = Require(r, "ComparisonOperator"),
            ActionsEnabled = Text(r, "ActionsEnabled") is not { } enabled || bool.Parse(enabled),
            AlarmActions = Strings(r, "AlarmActions"),
            StateValue = "INSUFFICIENT_DATA",
        });
        return IsJson(r) ? new JsonResult([]) : XmlResult.Empty;
    }

    // Like CloudWatch, names that match no alarm are ignored rather than refused.
    private static FakeResult DeleteAlarms(FakeRequest r)
    {
        var names = Strings(r, "AlarmNames");
        r.Account.Alarms.RemoveAll(a => a.Region == r.Region && names.Contains(a.AlarmName));
        return IsJson(r) ? new JsonResult([]) : XmlResult.Empty;
    }

    private static bool IsJson(FakeRequest r) => r.Service.Protocol == WireProtocol.Json;

    /// <summary>A scalar input member as text, from the form (Query) or the body (JSON).</summary>
    private static string? Text(FakeRequest r, string name) =>
        IsJson(r) ? r.Body[name]?.ToJsonString().Trim('"') : r.Param(name);

    private static string Require(FakeRequest r, string name) => Text(r, name)
        ?? throw new AwsErrorException("ValidationError",
            $"1 validation error detected: Value null at '{name}' failed to satisfy constraint: " +
            "Member must not be null");

    private static int? Int(FakeRequest r, string name) =>
        int.TryParse(Text(r, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static IReadOnlyList<string> Strings(FakeRequest r, string name) => IsJson(r)
        ? [.. r.Body[name]?.AsArray().Select(n => n!.GetValue<string>()) ?? []]
        : r.ListParam($"{name}.member");

    private static List<FakeDimension> Dimensions(FakeRequest r)
    {
        if (IsJson(r))
        {
            return [.. r.Body["Dimensions"]?.AsArray().Select(d => new FakeDimension(
                d!["Name"]!.GetValue<string>(), d["Value"]!.GetValue<string>())) ?? []];
        }

        var dimensions = new List<FakeDimension>();
        for (var i = 1; r.Param($"Dimensions.member.{i}.Name") is { } name; i++)
        {
            dimensions.Add(new FakeDimension(name, r.Param($"Dimensions.member.{i}.Value") ?? string.Empty));
        }

        return dimensions;
    }

    private static string AlarmArn(FakeAccount account, FakeAlarm a) =>
        $"arn:{account.Partition}:cloudwatch:{a.Region}:{account.AccountId}:alarm:{a.AlarmName}";

    private static XElement XmlAlarm(FakeAccount account, FakeAlarm a) => new("member",
        new XElement("AlarmName", a.AlarmName),
        new XElement("AlarmArn", AlarmArn(account, a)),
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

    private static Func<FakeAlarm, JsonNode> JsonAlarm(FakeRequest r) => a =>
    {
        var alarm = new JsonObject
        {
            ["AlarmName"] = a.AlarmName,
            ["AlarmArn"] = AlarmArn(r.Account, a),
            ["ActionsEnabled"] = a.ActionsEnabled,
            ["OKActions"] = new JsonArray(),
            ["AlarmActions"] = new JsonArray([.. a.AlarmActions.Select(x => (JsonNode)x)]),
            ["InsufficientDataActions"] = new JsonArray(),
            ["StateValue"] = a.StateValue,
            ["MetricName"] = a.MetricName,
            ["Namespace"] = a.Namespace,
            ["Statistic"] = a.Statistic,
            ["Dimensions"] = new JsonArray([.. a.Dimensions.Select(d =>
                (JsonNode)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value })]),
            ["Period"] = a.Period,
            ["EvaluationPeriods"] = a.EvaluationPeriods,
            ["Threshold"] = a.Threshold,
            ["ComparisonOperator"] = a.ComparisonOperator,
        };
        if (a.AlarmDescription is not null)
        {
            alarm["AlarmDescription"] = a.AlarmDescription;
        }

        return alarm;
    };
}
