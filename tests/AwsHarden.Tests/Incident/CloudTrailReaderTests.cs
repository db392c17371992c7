using System.Text;
using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Model;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class CloudTrailReaderTests
{
    private static async Task<(List<CloudTrailEvent> Events, ReadReport Report)> ReadAsync(
        string path, CloudTrailReadOptions? options = null)
    {
        var reader = new CloudTrailReader(options);
        var events = new List<CloudTrailEvent>();
        await foreach (var e in reader.ReadAsync([path])) events.Add(e);
        return (events, reader.Report);
    }

    [Fact]
    public async Task ReadAsync_GzipRecordsFolder_ReadsEveryFileRecursively()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        dir.Write("AWSLogs/1/CloudTrail/us-east-1/2024/08/01/a.json.gz", Gzip(Records(chain[..3])));
        dir.Write("AWSLogs/1/CloudTrail/eu-west-1/2024/08/01/b.json.gz", Gzip(Records(chain[3..])));

        var (events, report) = await ReadAsync(dir.Path);

        Assert.Equal(chain.Length, events.Count);
        Assert.Equal(2, report.FilesRead);
        Assert.Contains(events, e => e.EventName == "RunInstances" && e.AwsRegion == "eu-west-1");
    }

    [Fact]
    public async Task ReadAsync_MultiMemberGzip_ReadsAllMembers()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        var bytes = Gzip(Records(chain[..2])).Concat(Gzip(Records(chain[2..]))).ToArray();
        var path = dir.Write("multi.json.gz", bytes);

        var (events, report) = await ReadAsync(path);

        Assert.Equal(chain.Length, events.Count);
        Assert.Empty(report.BrokenFiles);
    }

    [Fact]
    public async Task ReadAsync_LogstashJsonLines_UsesTimestampWhenNoEventTime()
    {
        using var dir = new TempFolder();
        var lines = Chain().Select(e =>
        {
            var time = e["eventTime"]!.GetValue<string>();
            e.Remove("eventTime");
            e["@timestamp"] = time.Replace("Z", ".000Z");
            return e.ToJsonString();
        });
        var path = dir.Write("lines.json", string.Join("\n", lines) + "\n");

        var (events, _) = await ReadAsync(path);

        Assert.Equal(6, events.Count);
        Assert.Contains(events, e => e.EventTime == DateTimeOffset.Parse("2024-08-01T10:03:00Z"));
    }

    [Fact]
    public async Task ReadAsync_BareArrayAndSingleObject_AreBothRead()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        dir.Write("array.json", new JsonArray([.. chain[..2].Select(e => e.DeepClone())]).ToJsonString());
        dir.Write("single.json", chain[2].ToJsonString());

        var (events, report) = await ReadAsync(dir.Path);

        Assert.Equal(3, events.Count);
        Assert.Equal(2, report.FilesRead);
    }

    [Fact]
    public async Task ReadAsync_LookupEventsOutput_ParsesRecordInsideString()
    {
        using var dir = new TempFolder();
        var items = new JsonArray([.. Chain().Select(e => new JsonObject
        {
            ["EventId"] = e["eventID"]!.GetValue<string>(), ["CloudTrailEvent"] = e.ToJsonString(),
        })]);
        var path = dir.Write("lookup.json", new JsonObject { ["Events"] = items, ["NextToken"] = "x" }.ToJsonString());

        var (events, _) = await ReadAsync(path);

        Assert.Equal(6, events.Count);
        Assert.Equal("AKIABBBBBBBBBBBBBBBB", events.Single(e => e.EventName == "AssumeRole").UserIdentity!.AccessKeyId);
    }

    [Fact]
    public async Task ReadAsync_DigestAndInsightsFiles_AreSkippedAndCounted()
    {
        using var dir = new TempFolder();
        dir.Write("AWSLogs/1/CloudTrail-Digest/us-east-1/d.json.gz",
            Gzip("{\"digestStartTime\":\"2024-08-01T00:00:00Z\",\"logFiles\":[]}"));
        dir.Write("elsewhere/digest.json", "{\"awsAccountId\":\"1\",\"digestStartTime\":\"2024-08-01T00:00:00Z\"}");
        dir.Write("AWSLogs/1/CloudTrail-Insight/us-east-1/i.json.gz", Gzip("{\"Records\":[]}"));
        dir.Write("elsewhere/insight.json", "{\"Records\":[{\"eventVersion\":\"1.07\",\"eventTime\":"
            + "\"2024-08-01T00:00:00Z\",\"eventType\":\"AwsCloudTrailInsight\",\"eventName\":\"PutObject\"}]}");
        dir.Write("page.html", "<html></html>");

        var (events, report) = await ReadAsync(dir.Path);

        Assert.Empty(events);
        Assert.Equal(2, report.DigestFilesSkipped);
        Assert.Equal(2, report.InsightsFilesSkipped);
        Assert.Equal(1, report.OtherFilesSkipped);
        Assert.Empty(report.BrokenFiles);
    }

    [Fact]
    public async Task ReadAsync_TruncatedGzip_ReportsFileAndReadsTheOthers()
    {
        using var dir = new TempFolder();
        var chain = Chain();
        var whole = Gzip(Records([.. Enumerable.Range(0, 200).Select(_ => chain[0])]));
        dir.Write("a-broken.json.gz", whole[..(whole.Length / 2)]);
        dir.Write("b-good.json.gz", Gzip(Records(chain)));

        var (events, report) = await ReadAsync(dir.Path);

        var broken = Assert.Single(report.BrokenFiles);
        Assert.EndsWith("a-broken.json.gz", broken.Path);
        Assert.Contains("byte", broken.Reason);
        Assert.Equal(1, report.FilesRead);
        Assert.True(events.Count(e => e.SourceFile!.EndsWith("b-good.json.gz")) == chain.Length);
    }

    [Fact]
    public async Task ReadAsync_TruncatedAndCorruptJson_ReportsWhereItBroke()
    {
        using var dir = new TempFolder();
        var text = Records(Chain());
        dir.Write("truncated.json", text[..(text.Length - 40)]);
        dir.Write("corrupt.json", text.Replace("\"eventName\":\"CreateUser\"", "\"eventName\" \"CreateUser\""));
        dir.Write("good.json", text);

        var (_, report) = await ReadAsync(dir.Path);

        Assert.Equal(2, report.BrokenFiles.Count);
        Assert.Contains(report.BrokenFiles, b => b.Path.EndsWith("truncated.json") && b.Reason.Contains("truncated"));
        Assert.Contains(report.BrokenFiles, b => b.Path.EndsWith("corrupt.json") && b.Reason.Contains("invalid JSON"));
        Assert.Equal(1, report.FilesRead);
    }

    [Fact]
    public async Task ReadAsync_NullsVaryingTypesAndMissingIdentity_AreTolerated()
    {
        using var dir = new TempFolder();
        var json = """
            {"Records":[
              {"eventTime":"20240801T100000Z","eventName":"A","eventSource":"s3.amazonaws.com",
               "requestParameters":null,"responseElements":null,"readOnly":"true","sourceIPAddress":"999.1.2.x"},
              {"eventTime":"2024-08-01T10:00:01.123+00:00","eventName":"B","userIdentity":{"type":"AWSService",
               "invokedBy":"ec2.amazonaws.com"},"awsRegion":7,"readOnly":false,"errorCode":{"odd":1},
               "requestParameters":{"x":[1,"two",{"three":3}]},"responseElements":"a string"},
              {"eventTime":"not a time","eventName":"C"},
              {"eventTime":"2024-08-01T10:00:02Z"}
            ]}
            """;
        var path = dir.Write("odd.json", json);

        var (events, report) = await ReadAsync(path);

        Assert.Equal(["A", "B"], events.Select(e => e.EventName).Order());
        var a = events.Single(e => e.EventName == "A");
        Assert.Null(a.UserIdentity);
        Assert.True(a.ReadOnly);
        Assert.Equal("999.1.2.x", a.SourceIpAddress);
        var b = events.Single(e => e.EventName == "B");
        Assert.Equal("7", b.AwsRegion);
        Assert.Null(b.ErrorCode);
        Assert.Null(b.UserIdentity!.Arn);
        Assert.Equal(1, report.RecordsWithoutTime);
        Assert.Equal(1, report.RecordsWithoutName);
    }

    [Fact]
    public async Task ReadAsync_SessionToken_IsRedactedInPayload()
    {
        using var dir = new TempFolder();
        var path = dir.Write("t.json", Records(Chain()));

        var (events, _) = await ReadAsync(path);

        var assume = events.Single(e => e.EventName == "AssumeRole");
        Assert.DoesNotContain("SECRETTOKEN", assume.ResponseElements);
        Assert.Equal("ASIACCCCCCCCCCCCCCCC", assume.ResponseString("credentials", "accessKeyId"));
    }

    [Fact]
    public async Task ReadAsync_RecordLargerThanBuffer_IsReadWhole()
    {
        using var dir = new TempFolder();
        var big = Chain()[0];
        big["requestParameters"] = new JsonObject { ["userName"] = "evil", ["pad"] = new string('x', 3_000_000) };
        var path = dir.Write("big.json.gz", Gzip(Records(big, Chain()[1])));

        var (events, report) = await ReadAsync(path);

        Assert.Equal(2, events.Count);
        Assert.Empty(report.BrokenFiles);
    }

    [Fact]
    public async Task ReadAsync_TimeWindow_DropsEventsOutside()
    {
        using var dir = new TempFolder();
        var path = dir.Write("t.json", Records(Chain()));
        var options = new CloudTrailReadOptions
        {
            Since = DateTimeOffset.Parse("2024-08-01T10:02:00Z"), Until = DateTimeOffset.Parse("2024-08-01T10:03:00Z"),
        };

        var (events, _) = await ReadAsync(path, options);

        Assert.Equal(["AssumeRole", "RunInstances"], events.OrderBy(e => e.EventTime).Select(e => e.EventName));
    }

    [Fact]
    public void ExpandPaths_SameFolderThroughSymbolicLinks_EachFileOnce()
    {
        using var dir = new TempFolder();
        var a = dir.Write("real/AWSLogs/1/CloudTrail/us-east-1/2024/08/01/a.json", Records());
        dir.Write("real/AWSLogs/1/CloudTrail/us-east-1/2024/08/01/b.json", Records());
        var alias = Path.Combine(dir.Path, "alias");
        Directory.CreateSymbolicLink(alias, Path.Combine(dir.Path, "real"));
        var fileLink = Path.Combine(dir.Path, "a-link.json");
        File.CreateSymbolicLink(fileLink, a);

        var files = CloudTrailReader.ExpandPaths([Path.Combine(dir.Path, "real"), alias,
            Path.Combine(alias, "AWSLogs", "1"), fileLink]);

        Assert.Equal(2, files.Count);
    }

    [Fact]
    public void ExpandPaths_DanglingLinkGiven_IsUserErrorNamingItsTarget()
    {
        using var dir = new TempFolder();
        var link = Path.Combine(dir.Path, "logs");
        Directory.CreateSymbolicLink(link, Path.Combine(dir.Path, "gone"));

        var ex = Assert.Throws<UserErrorException>(() => CloudTrailReader.ExpandPaths([link]));

        Assert.Equal($"No such file or folder: {link} (a symbolic link to {Path.Combine(dir.Path, "gone")}, "
            + "which does not exist)", ex.Message);
    }

    [Fact]
    public void ExpandPaths_MissingPath_IsUserError()
    {
        var ex = Assert.Throws<UserErrorException>(() => CloudTrailReader.ExpandPaths(["/no/such/place"]));
        Assert.Contains("/no/such/place", ex.Message);
    }

    [Fact]
    public void TryParse_CompactAndIsoAndEpoch_AllParse()
    {
        var expected = DateTimeOffset.Parse("2024-08-01T13:33:28Z");
        foreach (var text in (string[])["20240801T133328Z", "2024-08-01T13:33:28Z", "2024-08-01T13:33:28.000Z",
                     "1722519208", "1722519208000"])
        {
            Assert.True(CloudTrailTime.TryParse(text, out var t), text);
            Assert.Equal(expected, t);
        }
        Assert.False(CloudTrailTime.TryParse("yesterday", out _));
    }

    [Fact]
    public async Task ReadAsync_Utf8Bom_IsAccepted()
    {
        using var dir = new TempFolder();
        var path = dir.Write("bom.json", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Records(Chain()))]);

        var (events, _) = await ReadAsync(path);

        Assert.Equal(6, events.Count);
    }
}
