using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public class FolderSourceTests
{
    [Fact]
    public async Task ScanAsync_SameKeyInTwoFiles_OneFindingTwoLocations()
    {
        using var folder = new TempFolder();
        folder.Write("app/settings.json", $"{{ \"key\": \"{TestKeys.KeyId}\" }}");
        folder.Write("scripts/deploy.sh", $"#!/bin/sh\nexport AWS_ACCESS_KEY_ID={TestKeys.KeyId}\n");

        var hits = await new FolderSource(new()).ScanAsync(folder.Path, CancellationToken.None);

        var finding = Assert.Single(LeakedKeyFindings.FromHits(hits));
        Assert.Equal(["app/settings.json", "scripts/deploy.sh"], finding.Locations.Select(l => l.Path));
        Assert.Equal([1, 2], finding.Locations.Select(l => l.Line));
        Assert.Equal("737946103411", finding.AccountId);
    }

    [Fact]
    public async Task ScanAsync_BinaryFileAndGitFolder_Skipped()
    {
        using var folder = new TempFolder();
        byte[] image = [0x89, 0x00, .. System.Text.Encoding.ASCII.GetBytes(TestKeys.KeyId)];
        File.WriteAllBytes(Path.Combine(folder.Path, "image.bin"), image);
        folder.Write(".git/config", $"{TestKeys.KeyId}\n");
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Empty(hits);
        Assert.Equal(1, source.Statistics.SkippedBinary);
    }

    [Fact]
    public async Task ScanAsync_AllowlistedKeyAndPath_NotReported()
    {
        using var folder = new TempFolder();
        folder.Write("a.txt", TestKeys.KeyId);
        folder.Write("fixtures/b.txt", TestKeys.OtherKeyId);
        folder.Write("c.txt", TestKeys.OtherKeyId);
        var options = new SecretScanOptions
        {
            AllowedKeyIds = new HashSet<string> { TestKeys.KeyId },
            AllowedPaths = ["fixtures/*"],
        };

        var hits = await new FolderSource(options).ScanAsync(folder.Path, CancellationToken.None);

        var hit = Assert.Single(hits);
        Assert.Equal("c.txt", hit.Location.Path);
    }
}
