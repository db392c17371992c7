using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Model;
using AwsHarden.Tests.Cli;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>Case 005: a corrupt gzip file is reported as corrupt, and the hint says to fetch it again.</summary>
public class CorruptGzipTests
{
    private static async Task<(List<CloudTrailEvent> Events, ReadReport Report)> ReadAsync(string path)
    {
        var reader = new CloudTrailReader();
        var events = new List<CloudTrailEvent>();
        await foreach (var e in reader.ReadAsync([path])) events.Add(e);
        return (events, reader.Report);
    }

    private static byte[] WithCrcFlipped(byte[] gzip)
    {
        var copy = gzip.ToArray();
        copy[^8] ^= 0xFF; // the first byte of the CRC32 in the gzip trailer
        return copy;
    }

    [Fact]
    public async Task ReadAsync_GzipWithBadCrc_SaysCorruptGzipNotUnsupportedMethod()
    {
        using var dir = new TempFolder();
        dir.Write("a.json.gz", WithCrcFlipped(Gzip(Records(Chain()))));

        var (_, report) = await ReadAsync(dir.Path);

        var broken = Assert.Single(report.BrokenFiles);
        Assert.StartsWith("corrupt gzip data", broken.Reason);
        Assert.Contains("fetch the file again", broken.Reason);
        Assert.DoesNotContain("compression method", broken.Reason);
    }

    [Fact]
    public async Task Investigate_OnlyBrokenFiles_HintsToFetchThemAgain()
    {
        using var dir = new TempFolder();
        dir.Write("a.json.gz", WithCrcFlipped(Gzip(Records(Chain()))));

        var result = await CliRunner.RunAsync(["incident", "investigate", "--key", "AKIAAAAAAAAAAAAAAAAA", "--logs",
            dir.Path, "--offline"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("corrupt gzip data", result.Stderr);
        Assert.Contains("hint: fetch the broken files again", result.Stderr);
        Assert.DoesNotContain("point --logs", result.Stderr);
    }
}
