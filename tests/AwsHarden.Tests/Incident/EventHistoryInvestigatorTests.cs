using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AwsHarden.Aws.Clients;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

public class EventHistoryInvestigatorTests
{
    private static readonly DateTimeOffset Now = new(2024, 8, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An event history in memory: answers one attribute per request, pages of
    /// <paramref name="pageSize"/>, and notes when each request arrived by the fake clock.</summary>
    private sealed class History(TimeProvider time, IEnumerable<JsonObject> records, int pageSize = 50)
        : ILookupEvents
    {
        private readonly List<JsonObject> _records = [.. records];
        public ConcurrentQueue<(string Region, DateTimeOffset At, string Key, string Value)> Requests { get; } = new();

        public Task<LookupEventsPage> LookupEventsAsync(string region, LookupEventsQuery q, CancellationToken ct)
        {
            Requests.Enqueue((region, time.GetUtcNow(), q.AttributeKey, q.AttributeValue));
            var matching = _records.Where(r => (string?)r["awsRegion"] == region && Matches(r, q)).ToList();
            var skip = int.Parse(q.NextToken ?? "0");
            var page = matching.Skip(skip).Take(pageSize).Select(r => r.ToJsonString()).ToList();
            var next = skip + page.Count < matching.Count ? (skip + page.Count).ToString() : null;
            return Task.FromResult(new LookupEventsPage(page, next));
        }

        private static bool Matches(JsonObject r, LookupEventsQuery q) => q.AttributeKey switch
        {
            "AccessKeyId" => (string?)r["userIdentity"]?["accessKeyId"] == q.AttributeValue,
            "Username" => (string?)r["userIdentity"]?["userName"] == q.AttributeValue,
            "ResourceName" => (string?)r["requestParameters"]?["roleArn"] == q.AttributeValue,
            _ => false,
        };
    }

    /// <summary>Runs <paramref name="work"/> while moving the fake clock on in small steps.</summary>
    private static async Task<T> DriveAsync<T>(FakeTimeProvider time, Task<T> work)
    {
        for (var i = 0; i < 100_000 && !work.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(50));
        }
        return await work;
    }

    [Fact]
    public async Task CollectAsync_SyntheticChain_FollowsEveryDerivedCredentialToAFixedPoint()
    {
        var time = new FakeTimeProvider(Now);
        var history = new History(time, TrailFixtures.Chain());
        var investigator = new EventHistoryInvestigator(history, time);

        var (lineage, events, _) = await DriveAsync(time, investigator.CollectAsync(new EventHistoryRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] },
            Regions = ["us-east-1", "eu-west-1"],
        }));

        Assert.Equal(["AKIAAAAAAAAAAAAAAAAA", "user/evil", "AKIABBBBBBBBBBBBBBBB", "ASIACCCCCCCCCCCCCCCC"],
            lineage.Nodes.Select(n => n.Id));
        Assert.Equal(["CreateUser", "CreateAccessKey", "AssumeRole", "RunInstances", "RunInstances"],
            events.Select(e => e.EventName));
        // Round 1 the leaked key; round 2 the new user and key; round 3 the role session's key.
        var asked = investigator.Lookups.Where(l => l.Region == "us-east-1").Select(l => l.Value).ToList();
        Assert.Equal(["AKIAAAAAAAAAAAAAAAAA", "evil", "AKIABBBBBBBBBBBBBBBB", "ASIACCCCCCCCCCCCCCCC"], asked);
        Assert.DoesNotContain(events, e => e.ResponseElements?.Contains("SECRETTOKEN") == true);
    }

    [Fact]
    public async Task CollectAsync_ManyPages_NeverMoreThanTwoRequestsPerSecondInARegion()
    {
        var time = new FakeTimeProvider(Now);
        var who = TrailFixtures.User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var records = Enumerable.Range(0, 40).SelectMany(i => new[]
        {
            TrailFixtures.Event($"2024-08-01T10:{i:00}:00Z", "ec2", "DescribeInstances", who, region: "us-east-1"),
            TrailFixtures.Event($"2024-08-01T11:{i:00}:00Z", "ec2", "DescribeInstances", who, region: "eu-west-1"),
        });
        var history = new History(time, records, pageSize: 3);

        await DriveAsync(time, new EventHistoryInvestigator(history, time).CollectAsync(new EventHistoryRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, Regions = ["us-east-1", "eu-west-1"],
        }));

        foreach (var region in new[] { "us-east-1", "eu-west-1" })
        {
            var at = history.Requests.Where(r => r.Region == region).Select(r => r.At).Order().ToList();
            Assert.Equal(14, at.Count);
            for (var i = 2; i < at.Count; i++) Assert.True(at[i] - at[i - 2] >= TimeSpan.FromSeconds(1), $"{i}");
        }
        // The two regions are paced apart, not one after the other.
        var first = history.Requests.Where(r => r.Region == "eu-west-1").Min(r => r.At);
        Assert.True(first - Now < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task WaitAsync_ThirdRequestInOneSecond_WaitsForTheWindowToPass()
    {
        var time = new FakeTimeProvider(Now);
        var pacer = new RequestPacer(time, 2);

        await pacer.WaitAsync(CancellationToken.None);
        await pacer.WaitAsync(CancellationToken.None);
        var third = pacer.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(20);
        Assert.False(third.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CollectAsync_StartOlderThanNinetyDays_SaysTheHistoryIsShorter()
    {
        var time = new FakeTimeProvider(Now);
        var notes = new List<string>();

        await new EventHistoryInvestigator(new History(time, []), time).CollectAsync(new EventHistoryRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, Regions = ["us-east-1"],
            Since = Now.AddDays(-120),
        }, new SyncProgress(notes));

        Assert.Contains(notes, n => n.Contains("90 days"));
    }

    private sealed class SyncProgress(List<string> notes) : IProgress<string>
    {
        public void Report(string value) => notes.Add(value);
    }
}
