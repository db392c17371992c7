using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public class GitHistorySourceTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsRepository_LibGit2SharpNativeLibrary_LoadsAndAnswers()
    {
        using var folder = new TempFolder();
        Assert.False(GitHistorySource.IsRepository(folder.Path));

        folder.InitRepository();

        Assert.True(GitHistorySource.IsRepository(folder.Path));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_KeyOnlyInDeletedFileOfOldCommit_FoundWithAddingCommit(bool gitExecutable)
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("README.md", "hello\n");
        folder.Commit("initial", Day1);
        folder.Write("deploy/.env", $"AWS_ACCESS_KEY_ID={TestKeys.KeyId}\nAWS_SECRET_ACCESS_KEY={TestKeys.Secret}\n");
        var adding = folder.Commit("add deploy settings", Day1.AddDays(1));
        folder.Delete("deploy/.env");
        folder.Commit("remove secrets", Day1.AddDays(2));
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("deploy/.env", hit.Location.Path);
        Assert.Equal(adding, hit.Location.Commit);
        Assert.Equal(Day1.AddDays(1), hit.Location.AuthorDate);
        Assert.False(hit.Location.StillPresent);
        Assert.Equal(TestKeys.Secret, hit.Key.Secret?.Reveal());
    }

    [Fact]
    public async Task ScanAsync_FileEditedAfterLeak_OneHitWithEarliestCommitStillPresent()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("config.ini", $"[default]\naws_access_key_id = {TestKeys.KeyId}\n");
        var adding = folder.Commit("add config", Day1);
        for (var i = 0; i < 3; i++)
        {
            folder.Write("config.ini", $"# edit {i}\n[default]\naws_access_key_id = {TestKeys.KeyId}\n");
            folder.Commit($"edit {i}", Day1.AddDays(i + 1));
        }

        var hit = Assert.Single(await new GitHistorySource(new()).ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal(adding, hit.Location.Commit);
        Assert.True(hit.Location.StillPresent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_KeyOnlyOnUnmergedBranch_Found(bool gitExecutable)
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("a.txt", "a\n");
        folder.Commit("initial", Day1);
        folder.Git("checkout", "-q", "-b", "feature");
        folder.Write("b.txt", $"key {TestKeys.OtherKeyId}\n");
        var branchCommit = folder.Commit("feature work", Day1.AddDays(1));
        folder.Git("checkout", "-q", "main");
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal(branchCommit, hit.Location.Commit);
        Assert.False(hit.Location.StillPresent);
    }

    [Fact]
    public async Task ScanAsync_SameBlobCopiedToSecondPath_TwoLocations()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        var content = $"aws_access_key_id = {TestKeys.KeyId}\naws_secret_access_key = {TestKeys.Secret}\n";
        folder.Write("one/creds", content);
        folder.Commit("one", Day1);
        folder.Write("two/creds", content);
        var second = folder.Commit("two", Day1.AddDays(1));

        var hits = await new GitHistorySource(new()).ScanAsync(folder.Path, CancellationToken.None);
        var findings = LeakedKeyFindings.FromHits(hits);

        var finding = Assert.Single(findings);
        Assert.Equal(["one/creds", "two/creds"], finding.Locations.Select(l => l.Path));
        Assert.Equal(second, finding.Locations[1].Commit);
    }

    [Fact]
    public async Task ScanAsync_PathWithSpacesAndUnicode_ReportedVerbatim()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("conf/prod \"eu\" café.env", $"AWS_ACCESS_KEY_ID={TestKeys.KeyId}\n");
        folder.Commit("add", Day1);

        var hit = Assert.Single(await new GitHistorySource(new()).ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("conf/prod \"eu\" café.env", hit.Location.Path);
        Assert.True(hit.Location.StillPresent);
    }

    [Fact]
    public async Task ScanAsync_MergedBranch_KeyReportedOnceWithBranchCommit()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("a.txt", "a\n");
        folder.Commit("initial", Day1);
        folder.Git("checkout", "-q", "-b", "feature");
        folder.Write("b.txt", $"key {TestKeys.OtherKeyId}\n");
        var branchCommit = folder.Commit("feature work", Day1.AddDays(1));
        folder.Git("checkout", "-q", "main");
        folder.Write("c.txt", "c\n");
        folder.Commit("main work", Day1.AddDays(2));
        folder.Git("merge", "-q", "--no-edit", "feature");

        var hit = Assert.Single(await new GitHistorySource(new()).ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal(branchCommit, hit.Location.Commit);
        Assert.True(hit.Location.StillPresent);
    }

    [Fact]
    public async Task ScanAsync_BlobOverSizeCap_SkippedAndCounted()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("big.txt", new string('x', 2000) + $"\n{TestKeys.KeyId}\n");
        folder.Commit("big", Day1);
        var source = new GitHistorySource(new SecretScanOptions { MaxFileBytes = 1000 });

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Empty(hits);
        Assert.Equal(1, source.Statistics.SkippedTooLarge);
    }

    // Case 008: a blob missing from the object store was counted "over the size cap" and the scan looked clean.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_BlobMissingFromObjectStore_NamedUnreadableNotOverCap(bool gitExecutable)
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("k.txt", $"{TestKeys.KeyId} {TestKeys.Secret}\n");
        var adding = folder.Commit("k", Day1);
        folder.Delete("k.txt");
        folder.Commit("rm", Day1.AddDays(1));
        var blob = folder.Git("rev-parse", "HEAD~1:k.txt");
        File.Delete(Path.Combine(folder.Path, ".git", "objects", blob[..2], blob[2..]));
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Empty(hits);
        Assert.Equal(0, source.Statistics.SkippedTooLarge);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Equal("k.txt", unreadable.Path);
        Assert.Contains(blob, unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains(adding[..12], unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains("damaged", unreadable.Reason, StringComparison.Ordinal);
    }

    // Case 008, same family: a shallow clone holds only part of the history, and the scan says so.
    [Fact]
    public async Task ScanAsync_ShallowClone_NamedUnreadableSoTheScanIsIncomplete()
    {
        using var origin = new TempFolder();
        origin.InitRepository();
        origin.Write("a.txt", "a\n");
        origin.Commit("one", Day1);
        origin.Write("a.txt", "b\n");
        origin.Commit("two", Day1.AddDays(1));
        using var clone = new TempFolder();
        clone.Git("clone", "-q", "--depth", "1", new Uri(origin.Path).AbsoluteUri, "shallow");
        var source = new GitHistorySource(new());

        await source.ScanAsync(Path.Combine(clone.Path, "shallow"), CancellationToken.None);

        Assert.Equal(1, source.Statistics.Commits);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Contains("shallow clone", unreadable.Reason, StringComparison.Ordinal);
        Assert.Contains("--unshallow", unreadable.Reason, StringComparison.Ordinal);
    }

    // Case 018: HEAD was looked up by the lossily decoded name, so the key seemed gone from HEAD.
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_NameNotValidUtf8StillInHead_StillPresent(bool gitExecutable)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux file names are bytes");
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Shell($"printf '{TestKeys.KeyId}\\n' > \"$(printf 'bad\\377name.txt')\"");
        folder.Commit("odd name", Day1);
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("bad\uFFFDname.txt", hit.Location.Path);
        Assert.True(hit.Location.StillPresent);
    }

    // Case 017 in history: the LibGit2Sharp feed turned a backslash into '/' as well.
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_BackslashInFileName_PathKeptAsIs(bool gitExecutable)
    {
        Skip.IfNot(Path.DirectorySeparatorChar == '/', "a backslash separates folders on Windows");
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("back\\slash.txt", TestKeys.KeyId);
        folder.Commit("add", Day1);
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("back\\slash.txt", hit.Location.Path);
        Assert.True(hit.Location.StillPresent);
    }

    // Case 010: a bare repository has history and no files on disk.
    [Fact]
    public void IsBareRepository_BareCloneAndWorkTree_TrueOnlyForBare()
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        folder.Write("a.txt", "a\n");
        folder.Commit("one", Day1);
        folder.Git("clone", "-q", "--bare", ".", "bare.git");

        Assert.True(GitHistorySource.IsBareRepository(Path.Combine(folder.Path, "bare.git")));
        Assert.False(GitHistorySource.IsBareRepository(folder.Path));
        Assert.False(GitHistorySource.IsBareRepository(Path.Combine(folder.Path, "bare.git", "objects")));
    }
}
