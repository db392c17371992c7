using AwsHarden.Model;
using static AwsHarden.Remediation.Steps;

namespace AwsHarden.Remediation.Fixes;

/// <summary>A CloudWatch alarm on EstimatedCharges in us-east-1, notifying an SNS topic with the configured
/// e-mail subscribed. Receiving billing metrics is a console preference: a Manual step comes first.</summary>
public sealed class BillingAlarmFix : IFix
{
    public const string TopicName = "awsharden-billing-alerts";
    public const string AlarmName = "awsharden-estimated-charges";

    public IReadOnlyList<string> CheckIds { get; } = ["cloudwatch.billing-alarm"];
    public FixPhase Phase => FixPhase.Cost;

    public IReadOnlyList<string> DeclaredActions { get; } =
    [
        "sns:CreateTopic", "sns:DeleteTopic", "sns:Subscribe", "sns:Unsubscribe", "sns:GetTopicAttributes",
        "sns:ListSubscriptionsByTopic", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
    ];

    public IEnumerable<PlanStep> Build(FixContext context)
    {
        if (!context.Fails(CheckIds[0]))
            yield break;

        yield return Manual("Turn on billing alerts (receive CloudWatch billing metrics)", [CheckIds[0]],
            "In Billing preferences, under 'Alert preferences', select 'Receive CloudWatch billing alerts' and "
            + "save. Without it the EstimatedCharges metric never arrives and the alarm stays in "
            + "INSUFFICIENT_DATA. It cannot be turned off again once on.",
            "https://console.aws.amazon.com/billing/home#/preferences");

        var config = context.Config;
        var topicArn = config.SnsTopicArn;
        if (topicArn is null && config.AlertEmail is null)
        {
            yield return Manual("Say where billing alarms go", [CheckIds[0]],
                "Set fix.alert_email (or fix.sns_topic_arn) in awsharden.yaml and plan again.",
                "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:");
            yield break;
        }

        if (topicArn is null)
        {
            topicArn = $"arn:{context.Partition}:sns:{Global}:{context.AccountId}:{TopicName}";
            yield return Topic(topicArn);
            yield return EmailSubscription(topicArn, config.AlertEmail!);
        }

        yield return Alarm(topicArn, config.BillingAlarmUsd);
    }

    private PlanStep Topic(string topicArn)
    {
        var key = new ResourceKey(ResourceTypes.Topic, TopicName, Global);
        return Api($"Create the SNS topic {TopicName} in us-east-1", [CheckIds[0]],
            [Call("sns", "CreateTopic", Global, ("Name", TopicName))],
            Absent(key), Present(key, ("TopicArn", topicArn)),
            [Call("sns", "DeleteTopic", Global, ("TopicArn", topicArn))],
            "DeleteTopic on the topic this step created, which also removes its subscriptions.",
            "The alarm needs a topic to notify.", ["sns:GetTopicAttributes"],
            "Free within the SNS free tier for e-mail; see https://aws.amazon.com/sns/pricing/");
    }

    private PlanStep EmailSubscription(string topicArn, string email)
    {
        var key = new ResourceKey(ResourceTypes.Subscription, $"{TopicName}|email:{email}", Global);
        return Api($"Subscribe {email} to {TopicName}", [CheckIds[0]],
            [Call("sns", "Subscribe", Global, ("TopicArn", topicArn), ("Protocol", "email"), ("Endpoint", email))],
            Absent(key), Present(key),
            [], "Removed with the topic when the topic step is undone.",
            $"AWS sends {email} a confirmation link; alarms reach it only once the link is followed.",
            ["sns:ListSubscriptionsByTopic"]);
    }

    private PlanStep Alarm(string topicArn, double amount)
    {
        var key = new ResourceKey(ResourceTypes.Alarm, AlarmName, Global);
        var threshold = Number(amount);
        ApiCall Monitoring(string operation, params (string, string)[] parameters) =>
            Call("monitoring", operation, Global, parameters) with { Action = $"cloudwatch:{operation}" };
        return Api($"Alarm when estimated charges exceed {threshold} USD", [CheckIds[0]],
            [Monitoring("PutMetricAlarm", ("AlarmName", AlarmName), ("Namespace", "AWS/Billing"),
                ("MetricName", "EstimatedCharges"), ("Dimensions", """[{"Name":"Currency","Value":"USD"}]"""),
                ("Statistic", "Maximum"), ("Period", "21600"), ("EvaluationPeriods", "1"),
                ("Threshold", threshold), ("ComparisonOperator", "GreaterThanThreshold"),
                ("AlarmActions", $"[\"{topicArn}\"]"))],
            Absent(key), Present(key, ("MetricName", "EstimatedCharges"), ("Threshold", threshold)),
            [Monitoring("DeleteAlarms", ("AlarmNames", $"[\"{AlarmName}\"]"))],
            "DeleteAlarms on the alarm this step created.",
            "A runaway bill is often the first visible sign of a leaked key.",
            ["cloudwatch:DescribeAlarms"],
            "Free within the CloudWatch free tier of 10 alarms; see https://aws.amazon.com/cloudwatch/pricing/");
    }
}
