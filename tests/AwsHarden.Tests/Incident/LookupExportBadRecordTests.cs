using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Model;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>Case 018: one bad record in a LookupEvents export costs that record only.</summary>
public class LookupExportBadRecordTests
{
    private static async Task<(List<CloudTrailEvent> Events, ReadReport Report)> ReadAsync(string path)
    {
        var reader = new CloudTrailReader();
        var events = new List<CloudTrailEvent>();
        await foreach (var e in reader.ReadAsync([path])) events.Add(e);
        return (events, reader.Report);
    }

    [Fact]
    public async Task ReadAsync_LookupExportWithOneBadCloudTrailEvent_SkipsOnlyThatRecord()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        var items = new JsonArray();
        foreach (var (e, i) in chain.Select((e, i) => (e, i)))
        {
            items.Add(new JsonObject
            {
                ["EventName"] = e["eventName"]!.GetValue<string>(),
                ["CloudTrailEvent"] = i == 1 ? "{not json" : e.ToJsonString(),
            });
        }
        dir.Write("lookup-export.json", new JsonObject { ["Events"] = items }.ToJsonString());

        var (events, report) = await ReadAsync(dir.Path);

        Assert.Equal(chain.Length - 1, events.Count);
        Assert.Contains(events, e => e.EventName == "AssumeRole"); // a record after the bad one
        Assert.DoesNotContain(events, e => e.EventName == "CreateAccessKey");
        var broken = Assert.Single(report.BrokenFiles);
        Assert.StartsWith("1 record could not be parsed: Events[1] (", broken.Reason);
        Assert.Contains("the file's other records were read", broken.Reason);
        Assert.DoesNotContain("near byte", broken.Reason);
    }
}
