using System.Text.Json;
using System.Text.Json.Nodes;
using AwsHarden.FakeAws;
using AwsHarden.FakeAws.State;
using static AwsHarden.Tests.FakeAws.FakeAwsServerTests;

namespace AwsHarden.Tests.FakeAws.Services;

/// <summary>CloudTrail LookupEvents over the fake's event history, on hand-built and on real recorded events.</summary>
public class LookupEventsTests
{
    private const string Target = "CloudTrail_20131101.LookupEvents";

    [Fact]
    public async Task LookupEvents_ByAccessKeyId_NewestFirstWithRecordAsString()
    {
        var account = FakeAccounts.Healthy();
        account.CloudTrailEvents.Add(Event("e1", "CreateUser", "AKIAOLDLEAKEDKEY0001", "2026-05-01T10:00:00Z"));
        account.CloudTrailEvents.Add(Event("e2", "CreateAccessKey", "AKIAOLDLEAKEDKEY0001", "2026-05-01T10:05:00Z"));
        account.CloudTrailEvents.Add(Event("e3", "ListBuckets", "AKIAOTHERKEY00000002", "2026-05-01T10:06:00Z"));
        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "us-east-1", Target,
            """{"LookupAttributes":[{"AttributeKey":"AccessKeyId","AttributeValue":"AKIAOLDLEAKEDKEY0001"}]}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var events = json.RootElement.GetProperty("Events").EnumerateArray().ToList();
        Assert.Equal(["CreateAccessKey", "CreateUser"], events.Select(e => e.GetProperty("EventName").GetString()));
        var record = JsonNode.Parse(events[0].GetProperty("CloudTrailEvent").GetString()!)!;
        Assert.Equal("e2", record["eventID"]!.GetValue<string>());
    }

    [Fact]
    public async Task LookupEvents_TwoAttributes_AnswersInvalidLookupAttributes()
    {
        await using var server = await FakeAwsServer.StartAsync(FakeAccounts.Healthy());
        using var client = new SignedClient(server);

        using var response = await client.JsonAsync("cloudtrail", "us-east-1", Target,
            """{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"A"},""" +
            """{"AttributeKey":"Username","AttributeValue":"B"}]}""");

        Assert.Equal("InvalidLookupAttributesException", await JsonErrorType(response));
    }

    [SkippableFact]
    public async Task LookupEvents_StratusRecordings_PagesThroughEveryRecord()
    {
        var corpus = CorpusFolder("cloudtrail", "stratus");
        Skip.If(corpus is null, "shared corpus not found at ../shared/corpus");
        var account = FakeAccounts.Healthy();
        foreach (var file in Directory.GetFiles(corpus!, "*.json"))
        {
            foreach (var record in JsonNode.Parse(File.ReadAllText(file))!.AsArray())
            {
                account.CloudTrailEvents.Add(new FakeCloudTrailEvent("us-east-1", record!.ToJsonString()));
            }
        }

        await using var server = await FakeAwsServer.StartAsync(account);
        using var client = new SignedClient(server);
        var seen = new List<string>();
        string? token = null;
        do
        {
            var body = token is null ? "{}" : JsonSerializer.Serialize(new { NextToken = token });
            using var response = await client.JsonAsync("cloudtrail", "us-east-1", Target, body);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen.AddRange(json.RootElement.GetProperty("Events").EnumerateArray()
                .Select(e => e.GetProperty("EventId").GetString() ?? string.Empty));
            token = json.RootElement.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(account.CloudTrailEvents.Count, seen.Count);
        Assert.True(seen.Count > 50);
    }

    private static FakeCloudTrailEvent Event(string id, string name, string accessKeyId, string time) => new(
        "us-east-1", new JsonObject
        {
            ["eventVersion"] = "1.09",
            ["eventID"] = id,
            ["eventName"] = name,
            ["eventSource"] = "iam.amazonaws.com",
            ["eventTime"] = time,
            ["readOnly"] = false,
            ["awsRegion"] = "us-east-1",
            ["userIdentity"] = new JsonObject
            {
                ["type"] = "IAMUser",
                ["userName"] = "deploy",
                ["accessKeyId"] = accessKeyId,
            },
        }.ToJsonString());

    internal static string? CorpusFolder(params string[] parts) => RepoPaths.Corpus(parts);
}
