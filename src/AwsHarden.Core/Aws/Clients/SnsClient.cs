using System.Xml.Linq;

namespace AwsHarden.Aws.Clients;

/// <summary>Amazon SNS (AWS Query, API 2010-03-31, regional): the topic and subscriptions of alerts.</summary>
public sealed class SnsClient(AwsSession session)
{
    public const string ApiVersion = "2010-03-31";

    /// <summary>SNS as the request layer names it (AWS_ENDPOINT_URL_SNS).</summary>
    public static AwsService Service { get; } = new("SNS", "sns", "sns", "sns");

    /// <summary>True when the topic exists (GetTopicAttributes answers; NotFound means it does not).</summary>
    public async Task<bool> TopicExistsAsync(string region, string topicArn, CancellationToken ct)
    {
        try
        {
            await CallAsync(region, "GetTopicAttributes", [KeyValuePair.Create("TopicArn", topicArn)], ct)
                .ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException ex) when (ex.Code is "NotFound" or "NotFoundException")
        {
            return false;
        }
    }

    /// <summary>The topic's subscriptions as (Protocol, Endpoint, SubscriptionArn); the ARN reads
    /// <c>pending confirmation</c> until the endpoint confirms.</summary>
    public Task<List<(string Protocol, string Endpoint, string SubscriptionArn)>> ListSubscriptionsByTopicAsync(
        string region, string topicArn, CancellationToken ct) =>
        AwsPaging.CollectAsync<(string, string, string)>(async token =>
        {
            List<KeyValuePair<string, string>> input = [KeyValuePair.Create("TopicArn", topicArn)];
            if (token is not null)
            {
                input.Add(KeyValuePair.Create("NextToken", token));
            }

            var result = await CallAsync(region, "ListSubscriptionsByTopic", input, ct).ConfigureAwait(false);
            var items = result.Members("Subscriptions").Select(s => (s.ChildValue("Protocol") ?? "",
                s.ChildValue("Endpoint") ?? "", s.ChildValue("SubscriptionArn") ?? ""));
            return (items.ToList(), result.ChildValue("NextToken"));
        });

    public Task<XElement> CallAsync(string region, string operation,
        IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken ct) =>
        AwsQueryProtocol.CallAsync(session.Sender, Service, ApiVersion, region, operation, parameters, ct);
}
