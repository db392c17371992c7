using System.Text.Json.Nodes;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>The spilled per-file index, the spilled timeline and the capped plan events.</summary>
public class InvestigationMemoryTests
{
    private const string Leaked = "AKIAIOSFODNN7EXAMPLE";
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2024-09-01T00:00:00Z"));

    private static string Examples() => Path.Combine(RepoRoot(), "examples", "incident");

    private static Task<InvestigationReport> InvestigateAsync(InvestigationLimits limits, string logs,
        string key = Leaked, IProgress<string>? progress = null, CancellationToken ct = default) =>
        new IncidentInvestigator(Clock) { Limits = limits }.InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = [key] }, LogPaths = [logs],
        }, progress, ct);

    [Fact]
    public void FilesActing_FiveThousandFiles_FindsEveryFileHoldingTheTokenAndFewOthers()
    {
        using var scratch = new TempFolder();
        using var index = new ActorIndex(scratch.Path);
        for (var i = 0; i < 5000; i++)
        {
            var tokens = Enumerable.Range(0, 40).Select(n => $"AKIA{i:00000}{n:000000000000}").ToList();
            if (i % 1000 == 17) tokens.Add("u:evil");
            index.Add($"file-{i:0000}.json.gz", tokens);
        }

        var found = index.FilesActing(["u:evil", "AKIANOTINANYFILE0000"]);

        Assert.Equal(5000, index.Files);
        Assert.All(Enumerable.Range(0, 5).Select(k => $"file-{k * 1000 + 17:0000}.json.gz"),
            f => Assert.Contains(f, found));
        Assert.InRange(found.Count, 5, 5 + 50);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [Fact]
    public async Task InvestigateAsync_FiveThousandSmallFiles_FindsTheLineage()
    {
        using var dir = new TempFolder();
        using var scratch = new TempFolder();
        var chain = Chain();
        for (var i = 0; i < 5000; i++)
        {
            var who = User($"user{i}", $"AKIA{i:0000000000000000}");
            var noise = Event("2024-08-01T09:00:00Z", "s3", "ListBuckets", who);
            var records = i switch
            {
                1234 => [chain[0], chain[1], noise],
                3210 => [chain[2], noise],
                4999 => [chain[3], chain[4], noise],
                _ => new[] { noise },
            };
            dir.Write($"AWSLogs/1/CloudTrail/us-east-1/2024/08/01/f{i:0000}.json.gz", Gzip(Records(records)));
        }

        using var report = await InvestigateAsync(new InvestigationLimits { ScratchFolder = scratch.Path }, dir.Path,
            "AKIAAAAAAAAAAAAAAAAA");

        Assert.Equal(5000, report.Read.FilesRead);
        Assert.Equal(["AKIAAAAAAAAAAAAAAAAA", "user/evil", "AKIABBBBBBBBBBBBBBBB", "ASIACCCCCCCCCCCCCCCC"],
            report.Lineage.Select(n => n.Id));
        Assert.Equal(["CreateUser", "CreateAccessKey", "AssumeRole", "RunInstances", "RunInstances"],
            report.Timeline.Select(t => t.EventName));
    }

    [Fact]
    public async Task InvestigateAsync_TimelineLongerThanARun_GivesTheSameReportAsInMemory()
    {
        var logs = Examples();
        using var memory = await InvestigateAsync(new InvestigationLimits(), logs);
        using var spilled = await InvestigateAsync(new InvestigationLimits { TimelineRun = 3 }, logs);

        var timeline = Assert.IsType<SpilledTimeline>(spilled.Timeline);
        Assert.True(timeline.Runs > 2, $"{timeline.Runs} runs");
        Assert.IsNotType<SpilledTimeline>(memory.Timeline);
        Assert.Equal(InvestigationJsonWriter.Write(memory), InvestigationJsonWriter.Write(spilled));
        Assert.Equal(InvestigationMarkdownWriter.Write(memory), InvestigationMarkdownWriter.Write(spilled));
        Assert.Equal(memory.Timeline[^1], spilled.Timeline[spilled.Timeline.Count - 1]);
    }

    [Fact]
    public async Task WriteAsync_SpilledTimeline_StreamsTheSameJsonAsWrite()
    {
        using var report = await InvestigateAsync(new InvestigationLimits { TimelineRun = 2 }, Examples());
        using var stream = new MemoryStream();

        await InvestigationJsonWriter.WriteAsync(report, stream);

        Assert.Equal(InvestigationJsonWriter.Write(report), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        var json = JsonNode.Parse(stream.ToArray())!;
        Assert.Equal(report.Timeline.Count, json["timeline"]!.AsArray().Count);
    }

    [Fact]
    public async Task InvestigateAsync_Finished_LeavesNoScratchFiles()
    {
        using var scratch = new TempFolder();

        using (await InvestigateAsync(new InvestigationLimits { TimelineRun = 2, ScratchFolder = scratch.Path },
                   Examples()))
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    private sealed class CancelOnSecondPass(CancellationTokenSource cts) : IProgress<string>
    {
        public bool Cancelled { get; private set; }

        public void Report(string value)
        {
            if (!value.StartsWith("Lineage has", StringComparison.Ordinal)) return;
            Cancelled = true;
            cts.Cancel();
        }
    }

    [Fact]
    public async Task InvestigateAsync_Cancelled_LeavesNoScratchFiles()
    {
        using var scratch = new TempFolder();
        using var cts = new CancellationTokenSource();
        var progress = new CancelOnSecondPass(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => InvestigateAsync(
            new InvestigationLimits { TimelineRun = 2, ScratchFolder = scratch.Path }, Examples(), Leaked, progress,
            cts.Token));

        Assert.True(progress.Cancelled);
        Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.Path));
    }

    [Fact]
    public void Report_MoreWritesThanKept_PlansTheEarliestAndSaysSo()
    {
        var who = User("ci", "AKIAAAAAAAAAAAAAAAAA");
        var writes = Enumerable.Range(0, 6).Select(i => Event($"2024-08-01T10:0{5 - i}:00Z", "iam", "CreateUser", who,
            new JsonObject { ["userName"] = $"u{5 - i}" })).ToArray();
        var events = LineageBuilderTests.Parse(writes);
        var lineage = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, []);
        var investigator = new IncidentInvestigator(Clock) { Limits = new InvestigationLimits { PlannedEvents = 2 } };

        using var report = investigator.Report(new InvestigationRequest { Seeds = new LineageSeeds() }, lineage,
            events, new ReadSummary());

        Assert.Equal(6, report.Timeline.Count);
        var deleted = report.Revert.Steps.SelectMany(s => s.Calls).Where(c => c.Operation == "DeleteUser")
            .Select(c => c.Parameters["UserName"]).Order().ToList();
        Assert.Equal(["u0", "u1"], deleted);
        Assert.Contains(report.Revert.Assumptions, a => a.Contains("earliest 2", StringComparison.Ordinal));
    }
}
