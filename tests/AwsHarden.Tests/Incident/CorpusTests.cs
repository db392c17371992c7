using System.Formats.Tar;
using System.IO.Compression;
using AwsHarden.Incident;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Incident;

public class CorpusTests
{
    private static string Corpus(string sub)
    {
        var path = Path.Combine(TrailFixtures.CorpusCloudTrail(), sub);
        Skip.IfNot(Path.Exists(path), $"corpus not found at {path}");
        return path;
    }

    private static async Task<(List<CloudTrailEvent>, ReadReport)> ReadAsync(string path)
    {
        var reader = new CloudTrailReader();
        var events = new List<CloudTrailEvent>();
        await foreach (var e in reader.ReadAsync([path])) events.Add(e);
        return (events, reader.Report);
    }

    [SkippableFact]
    public async Task ReadAsync_Stratus_ReadsEveryRecordWithoutError()
    {
        var (events, report) = await ReadAsync(Corpus("stratus"));

        Assert.Empty(report.BrokenFiles);
        Assert.Equal(35, report.FilesRead);
        Assert.Equal(310, events.Count);
    }

    [SkippableFact]
    public async Task ReadAsync_OtrfJsonLines_ReadsEveryRecord()
    {
        var (events, report) = await ReadAsync(Corpus("otrf"));

        Assert.Empty(report.BrokenFiles);
        Assert.Equal(103, events.Count);
        Assert.All(events, e => Assert.Equal(2020, e.EventTime.Year));
    }

    [SkippableFact]
    public async Task ReadAsync_TrailDiscoverArchive_ReadsEveryExample()
    {
        var archive = Corpus("traildiscover/logExamples.tar.gz");
        using var dir = new TempFolder();
        await using (var gz = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            await TarFile.ExtractToDirectoryAsync(gz, dir.Path, overwriteFiles: true);
        }

        var (events, report) = await ReadAsync(dir.Path);

        Assert.Empty(report.BrokenFiles);
        var examples = Directory.EnumerateFiles(dir.Path, "*.cloudtrail", SearchOption.AllDirectories).ToList();
        Assert.Equal(examples.Count, report.FilesRead);
        Assert.Equal(2, report.OtherFilesSkipped); // the viewer's index.html and script.js
        var withRecords = examples.Count(f => File.ReadAllText(f).Trim() != "[]");
        Assert.True(events.Count >= withRecords, $"{events.Count} events from {withRecords} non-empty examples");
        Assert.Equal(0, report.RecordsWithoutName + report.RecordsWithoutTime);
    }

    [SkippableFact]
    public async Task Investigate_StratusFederationToken_FollowsTheTemporaryKey()
    {
        var file = Corpus("stratus/aws.persistence.sts-federation-token.json");

        var report = await new IncidentInvestigator(new FakeTimeProvider()).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIA6V1GNZTT65XQH36M"] }, LogPaths = [file],
        });

        var temp = report.Lineage.Single(n => n.Id == "ASIASTJKC5GCM7ZE6LUP");
        Assert.Equal("AKIA6V1GNZTT65XQH36M", temp.ParentId);
        Assert.Contains(report.Timeline,
            t => t.Credential == "ASIASTJKC5GCM7ZE6LUP" && t.EventName == "GetCallerIdentity");
        Assert.Contains(report.Containment.Steps, s => s.Title.Contains("stratus-red-team-user-federation-user"));
    }

    [SkippableFact]
    public async Task Investigate_StratusCreateAdminUser_FindsUserAndItsKey()
    {
        var file = Corpus("stratus/aws.persistence.iam-create-admin-user.json");

        var report = await new IncidentInvestigator(new FakeTimeProvider()).InvestigateAsync(new InvestigationRequest
        {
            Seeds = new LineageSeeds { AccessKeyIds = ["AKIAOZUDECYXYM4ONAN4"] }, LogPaths = [file],
        });

        Assert.Contains(report.Lineage, n => n.Id == "user/malicious-iam-user");
        Assert.Contains(report.Lineage, n => n.Id == "AKIAXAFZN8JEPF6L682H" && n.Owner == "malicious-iam-user");
        var revert = report.Revert.Steps.Select(s => s.Calls.FirstOrDefault()?.Operation).ToList();
        Assert.True(revert.IndexOf("DeleteAccessKey") < revert.IndexOf("DeleteUser"));
        Assert.True(revert.IndexOf("DetachUserPolicy") < revert.IndexOf("DeleteUser"));
    }
}
