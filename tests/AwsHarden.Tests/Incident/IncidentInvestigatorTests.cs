using System.Collections.Concurrent;
using System.Text;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

public class IncidentInvestigatorTests
{
    private sealed class Notes : IProgress<string>
    {
        public ConcurrentQueue<string> All { get; } = new();
        public void Report(string value) => All.Enqueue(value);
    }

    [Fact]
    public async Task InvestigateAsync_SlowObject_ReportsHowFarTheReadGotWhileWaiting()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2024-08-02T00:00:00Z"));
        using var release = new ManualResetEventSlim();
        var content = Encoding.UTF8.GetBytes(Records(Chain()));
        var slow = new TrailObject("s3://trail/slow.json", content.Length, _ =>
        {
            release.Wait(TimeSpan.FromSeconds(30));
            return new MemoryStream(content);
        });
        var notes = new Notes();

        var work = new IncidentInvestigator(time).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAAAAAAAAAAAAAAAAA"] }, Objects = [slow],
        }, notes);
        await Task.Delay(50);
        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        release.Set();
        var report = await work;

        Assert.Contains(notes.All, n => n.Contains("0 of 1 files"));
        Assert.Equal(4, report.Lineage.Count);
        Assert.Empty(report.Read.BrokenFiles);
        Assert.Equal(1, report.Read.FilesRead);
    }
}
