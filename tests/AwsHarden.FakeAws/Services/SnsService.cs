using System.Net;
using System.Xml.Linq;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>SNS (AWS Query, 2010-03-31): topics and subscriptions, as the billing alarm fix uses them. E-mail
/// subscriptions stay <c>pending confirmation</c>, since nobody follows the link.</summary>
internal sealed class SnsService : FakeService
{
    private const string Pending = "pending confirmation";

    public SnsService()
    {
        On("CreateTopic", CreateTopic);
        On("DeleteTopic", DeleteTopic);
        On("GetTopicAttributes", GetTopicAttributes);
        On("Subscribe", Subscribe);
        On("Unsubscribe", Unsubscribe);
        On("ListSubscriptionsByTopic", ListSubscriptionsByTopic);
    }

    public override string SigningName => "sns";

    // CreateTopic is idempotent in SNS: a second call with the same name answers the same ARN.
    private static FakeResult CreateTopic(FakeRequest r)
    {
        var name = r.RequireParam("Name");
        var topic = r.Account.Topics.Find(t => t.Region == r.Region && t.Name == name);
        if (topic is null)
        {
            topic = new FakeTopic { Region = r.Region, Name = name };
            r.Account.Topics.Add(topic);
        }

        return XmlResult.Of(new XElement("TopicArn", topic.Arn(r.Account)));
    }

    private static FakeResult DeleteTopic(FakeRequest r)
    {
        var arn = r.RequireParam("TopicArn");
        r.Account.Topics.RemoveAll(t => t.Region == r.Region && t.Arn(r.Account) == arn);
        return XmlResult.Empty;
    }

    private static FakeResult GetTopicAttributes(FakeRequest r)
    {
        var topic = Find(r);
        var arn = topic.Arn(r.Account);
        (string, string)[] attributes =
        [
            ("TopicArn", arn), ("Owner", r.Account.AccountId), ("DisplayName", ""),
            ("SubscriptionsConfirmed", Count(topic, confirmed: true)),
            ("SubscriptionsPending", Count(topic, confirmed: false)),
        ];
        return XmlResult.Of(new XElement("Attributes", attributes.Select(a =>
            new XElement("entry", new XElement("key", a.Item1), new XElement("value", a.Item2)))));
    }

    private static FakeResult Subscribe(FakeRequest r)
    {
        var topic = Find(r);
        var protocol = r.RequireParam("Protocol");
        var endpoint = r.RequireParam("Endpoint");
        var existing = topic.Subscriptions.Find(s => s.Protocol == protocol && s.Endpoint == endpoint);
        if (existing is null)
        {
            var arn = protocol is "email" or "email-json" or "http" or "https"
                ? Pending
                : $"{topic.Arn(r.Account)}:{Guid.NewGuid()}";
            existing = new FakeSubscription(protocol, endpoint, arn);
            topic.Subscriptions.Add(existing);
        }

        return XmlResult.Of(new XElement("SubscriptionArn", existing.SubscriptionArn));
    }

    private static FakeResult Unsubscribe(FakeRequest r)
    {
        var arn = r.RequireParam("SubscriptionArn");
        var removed = r.Account.Topics.Sum(t => t.Subscriptions.RemoveAll(s => s.SubscriptionArn == arn));
        return removed > 0 ? XmlResult.Empty : throw NotFound("Subscription does not exist");
    }

    private static FakeResult ListSubscriptionsByTopic(FakeRequest r)
    {
        var topic = Find(r);
        var arn = topic.Arn(r.Account);
        return XmlResult.Of(new XElement("Subscriptions", topic.Subscriptions.Select(s => new XElement("member",
            new XElement("SubscriptionArn", s.SubscriptionArn), new XElement("Owner", r.Account.AccountId),
            new XElement("Protocol", s.Protocol), new XElement("Endpoint", s.Endpoint),
            new XElement("TopicArn", arn)))));
    }

    private static FakeTopic Find(FakeRequest r)
    {
        var arn = r.RequireParam("TopicArn");
        return r.Account.Topics.Find(t => t.Region == r.Region && t.Arn(r.Account) == arn)
            ?? throw NotFound("Topic does not exist");
    }

    private static string Count(FakeTopic topic, bool confirmed) => topic.Subscriptions
        .Count(s => (s.SubscriptionArn != Pending) == confirmed)
        .ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static AwsErrorException NotFound(string message) =>
        new("NotFound", message, HttpStatusCode.NotFound);
}
