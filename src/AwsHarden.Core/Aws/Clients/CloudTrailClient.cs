using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.Model;

namespace AwsHarden.Aws.Clients;

/// <summary>A trail as DescribeTrails lists it, before status and selectors are read.</summary>
public sealed record TrailDescription(
    string Name, string Arn, string HomeRegion, bool IsMultiRegion, bool IsOrganizationTrail,
    bool LogFileValidationEnabled, string? S3BucketName);

/// <summary>Event selectors of a trail: basic ones, or advanced ones.</summary>
public sealed record TrailSelectors(
    IReadOnlyList<EventSelector> EventSelectors, IReadOnlyList<AdvancedEventSelector> AdvancedEventSelectors);

/// <summary>One page of LookupEvents: each record's JSON text (its <c>CloudTrailEvent</c>) and the next token.
/// </summary>
public sealed record LookupEventsPage(IReadOnlyList<string> Records, string? NextToken);

/// <summary>One LookupEvents request: a single lookup attribute (the API takes at most one) and a time range.
/// </summary>
public sealed record LookupEventsQuery(string AttributeKey, string AttributeValue, DateTimeOffset? StartTime,
    DateTimeOffset? EndTime, string? NextToken = null);

/// <summary>CloudTrail's event history (the last 90 days of management events, per region).</summary>
public interface ILookupEvents
{
    Task<LookupEventsPage> LookupEventsAsync(string region, LookupEventsQuery query, CancellationToken ct);
}

/// <summary>CloudTrail (JSON 1.1, regional).</summary>
public sealed class CloudTrailClient(AwsSession session) : ILookupEvents
{
    private const string TargetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";

    /// <summary>Trails visible in a region, shadow copies of multi-region and organization trails included.
    /// </summary>
    public async Task<IReadOnlyList<TrailDescription>> DescribeTrailsAsync(string region, CancellationToken ct)
    {
        var body = await CallAsync(region, "DescribeTrails", new JsonObject { ["includeShadowTrails"] = true }, ct)
            .ConfigureAwait(false);
        return [.. body.Array("trailList").Select(t => new TrailDescription(
            t.String("Name") ?? "", t.String("TrailARN") ?? "", t.String("HomeRegion") ?? region,
            t.Bool("IsMultiRegionTrail"), t.Bool("IsOrganizationTrail"), t.Bool("LogFileValidationEnabled"),
            t.String("S3BucketName")))];
    }

    public async Task<bool> GetTrailStatusAsync(string region, string trailArn, CancellationToken ct)
    {
        var body = await CallAsync(region, "GetTrailStatus", new JsonObject { ["Name"] = trailArn }, ct)
            .ConfigureAwait(false);
        return body.Bool("IsLogging");
    }

    public async Task<TrailSelectors> GetEventSelectorsAsync(string region, string trailArn, CancellationToken ct)
    {
        var body = await CallAsync(region, "GetEventSelectors", new JsonObject { ["TrailName"] = trailArn }, ct)
            .ConfigureAwait(false);
        return new TrailSelectors(
            [.. body.Array("EventSelectors").Select(s => new EventSelector(
                s.String("ReadWriteType") ?? "All",
                // The model defaults IncludeManagementEvents to true when the member is absent.
                !s.TryGetProperty("IncludeManagementEvents", out var m) || m.ValueKind != JsonValueKind.False))],
            [.. body.Array("AdvancedEventSelectors").Select(Advanced)]);
    }

    /// <summary>Enabled Insight types; empty when Insights are off (InsightNotEnabledException).</summary>
    public async Task<IReadOnlyList<string>> GetInsightSelectorsAsync(
        string region, string trailArn, CancellationToken ct)
    {
        try
        {
            var body = await CallAsync(region, "GetInsightSelectors", new JsonObject { ["TrailName"] = trailArn },
                ct).ConfigureAwait(false);
            return [.. body.Array("InsightSelectors").Select(s => s.String("InsightType")).OfType<string>()];
        }
        catch (AwsServiceException ex) when (ex.Code == "InsightNotEnabledException")
        {
            return [];
        }
    }

    /// <summary>One page (up to 50 records) of cloudtrail:LookupEvents. AWS allows 2 requests/s per region and
    /// account; callers pace themselves.</summary>
    public async Task<LookupEventsPage> LookupEventsAsync(string region, LookupEventsQuery query,
        CancellationToken ct)
    {
        var input = new JsonObject
        {
            ["LookupAttributes"] = new JsonArray(new JsonObject
            {
                ["AttributeKey"] = query.AttributeKey, ["AttributeValue"] = query.AttributeValue,
            }),
            ["MaxResults"] = 50,
        };
        if (query.StartTime is { } start) input["StartTime"] = start.ToUnixTimeMilliseconds() / 1000.0;
        if (query.EndTime is { } end) input["EndTime"] = end.ToUnixTimeMilliseconds() / 1000.0;
        if (query.NextToken is { } token) input["NextToken"] = token;

        var body = await CallAsync(region, "LookupEvents", input, ct).ConfigureAwait(false);
        return new LookupEventsPage(
            [.. body.Array("Events").Select(e => e.String("CloudTrailEvent")).OfType<string>()],
            body.String("NextToken"));
    }

    private static AdvancedEventSelector Advanced(JsonElement s) => new(
        s.String("Name"),
        [.. s.Array("FieldSelectors").Select(f => new AdvancedFieldSelector
        {
            Field = f.String("Field") ?? "",
            EqualsTo = Strings(f, "Equals"),
            NotEquals = Strings(f, "NotEquals"),
            StartsWith = Strings(f, "StartsWith"),
            NotStartsWith = Strings(f, "NotStartsWith"),
            EndsWith = Strings(f, "EndsWith"),
            NotEndsWith = Strings(f, "NotEndsWith"),
        })]);

    private static List<string> Strings(JsonElement e, string name) =>
        [.. e.Array(name).Select(v => v.GetString()).OfType<string>()];

    private Task<JsonElement> CallAsync(string region, string operation, JsonObject input, CancellationToken ct) =>
        AwsJsonProtocol.CallAsync(session.Sender, AwsService.CloudTrail, region, TargetPrefix, operation, input, ct);
}
