using System.Globalization;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws.Protocol;
using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws.Services;

/// <summary>
/// CloudTrail LookupEvents: the region's event history filtered by one lookup attribute and a time range,
/// newest first, at most 50 a page, each record returned as a JSON string in CloudTrailEvent.
/// </summary>
internal static class LookupEvents
{
    private static readonly string[] Keys =
        ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

    public static FakeResult Handle(FakeRequest r)
    {
        var filter = Filter(r);
        var start = Time(r, "StartTime") ?? DateTimeOffset.MinValue;
        var end = Time(r, "EndTime") ?? DateTimeOffset.MaxValue;
        if (start > end)
        {
            throw new AwsErrorException("InvalidTimeRangeException", "Start time must not be after end time.");
        }

        var max = r.JsonInt("MaxResults") ?? 50;
        if (max is < 1 or > 50)
        {
            throw new AwsErrorException("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
        }

        var events = r.Account.CloudTrailEvents.Where(e => e.Region == r.Region)
            .Select(e => (Event: e, Summary: Summarize(e)))
            .Where(e => e.Summary.Time >= start && e.Summary.Time <= end && filter(e.Summary))
            .OrderByDescending(e => e.Summary.Time)
            .Select(e => e.Event)
            .ToList();
        return new JsonResult(JsonPaging.Page(r, events, "Events", ToJson, defaultMax: max));
    }

    private static Func<Summary, bool> Filter(FakeRequest r)
    {
        var attributes = r.Body["LookupAttributes"]?.AsArray() ?? [];
        if (attributes.Count > 1)
        {
            throw new AwsErrorException("InvalidLookupAttributesException",
                "You cannot specify more than one lookup attribute.");
        }

        if (attributes.Count == 0)
        {
            return _ => true;
        }

        var key = attributes[0]?["AttributeKey"]?.GetValue<string>() ?? string.Empty;
        var value = attributes[0]?["AttributeValue"]?.GetValue<string>() ?? string.Empty;
        if (!Keys.Contains(key))
        {
            throw new AwsErrorException("InvalidLookupAttributesException", $"Invalid attribute key: {key}");
        }

        return s => key switch
        {
            "ResourceType" => s.Resources.Any(x => x.Type == value),
            "ResourceName" => s.Resources.Any(x => x.Name == value),
            _ => s.Field(key) == value,
        };
    }

    private static DateTimeOffset? Time(FakeRequest r, string name) => r.Body[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var seconds) =>
            DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)),
        JsonValue v => DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => null,
    };

    private static JsonNode ToJson(FakeCloudTrailEvent e)
    {
        var s = Summarize(e);
        var node = new JsonObject
        {
            ["EventId"] = s.Field("EventId"),
            ["EventName"] = s.Field("EventName"),
            ["ReadOnly"] = s.Field("ReadOnly"),
            ["EventTime"] = WireFormat.Epoch(s.Time),
            ["EventSource"] = s.Field("EventSource"),
            ["Resources"] = new JsonArray([.. s.Resources.Select(x => (JsonNode)new JsonObject
            {
                ["ResourceType"] = x.Type,
                ["ResourceName"] = x.Name,
            })]),
            ["CloudTrailEvent"] = e.Record,
        };
        foreach (var optional in new[] { "AccessKeyId", "Username" })
        {
            if (s.Field(optional) is { } value)
            {
                node[optional] = value;
            }
        }

        return node;
    }

    private sealed record Summary(DateTimeOffset Time, Dictionary<string, string?> Fields,
        IReadOnlyList<(string Type, string Name)> Resources)
    {
        public string? Field(string key) => Fields.GetValueOrDefault(key);
    }

    private static Summary Summarize(FakeCloudTrailEvent e)
    {
        var record = JsonNode.Parse(e.Record)!;
        var identity = record["userIdentity"];
        var time = DateTimeOffset.Parse(Text(record["eventTime"]) ?? "1970-01-01T00:00:00Z",
            CultureInfo.InvariantCulture);
        var fields = new Dictionary<string, string?>
        {
            ["EventId"] = Text(record["eventID"]),
            ["EventName"] = Text(record["eventName"]),
            ["ReadOnly"] = Text(record["readOnly"]),
            ["EventSource"] = Text(record["eventSource"]),
            ["AccessKeyId"] = Text(identity?["accessKeyId"]),
            ["Username"] = Text(identity?["userName"])
                ?? Text(identity?["sessionContext"]?["sessionIssuer"]?["userName"]),
        };
        // TODO(fake): AWS derives ResourceName from request parameters; the fake uses the resource ARN.
        var resources = record["resources"] is JsonArray list
            ? list.Select(x => (Text(x?["type"]) ?? string.Empty, Text(x?["ARN"]) ?? string.Empty)).ToList()
            : [];
        return new Summary(time, fields, resources);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
