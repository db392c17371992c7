using System.Net.Sockets;
using System.Text;
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

    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    private static string Pair(string keyId = TestKeys.KeyId, string secret = TestKeys.Secret) =>
        $"aws_access_key_id = {keyId}\naws_secret_access_key = {secret}\n";

    // Case 002: a FIFO blocked the scan forever; sockets and devices are the same kind of entry.
    [SkippableFact]
    public async Task ScanAsync_FifoSocketAndSymlinks_SkippedCountedNotOpened()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs and statx are Linux here");
        using var folder = new TempFolder();
        folder.Write("a.txt", Pair());
        folder.Shell("mkfifo pipe && ln -s a.txt link.txt && mkdir sub && ln -s ../sub sub-link");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder.Path, "agent.sock")));
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None).WaitAsync(HangLimit);

        Assert.Equal("a.txt", Assert.Single(hits).Location.Path);
        Assert.Equal(2, source.Statistics.SkippedSpecial);
        Assert.Equal(2, source.Statistics.SkippedSymlinks);
        Assert.Equal(1, source.Statistics.FilesScanned);
        Assert.Empty(source.Statistics.Unreadable);
    }

    // Case 002: the same FIFO named directly on the command line.
    [SkippableFact]
    public async Task ScanAsync_PathIsFifo_SkippedNotOpened()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "FIFOs are Linux here");
        using var folder = new TempFolder();
        folder.Shell("mkfifo pipe");
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(Path.Combine(folder.Path, "pipe"), CancellationToken.None)
            .WaitAsync(HangLimit);

        Assert.Empty(hits);
        Assert.Equal(1, source.Statistics.SkippedSpecial);
    }

    // Case 003: a name that is not valid UTF-8 crashed the scan and lost every other finding.
    [SkippableFact]
    public async Task ScanAsync_NameNotValidUtf8_OtherKeysFoundOddNameListedUnreadable()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux file names are bytes");
        using var folder = new TempFolder();
        folder.Write("good.txt", Pair());
        folder.Shell($"printf '{TestKeys.OtherKeyId}\\n' > \"$(printf 'bad\\377name.txt')\"");
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Equal("good.txt", Assert.Single(hits).Location.Path);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.EndsWith("bad\uFFFDname.txt", unreadable.Path, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", unreadable.Reason, StringComparison.Ordinal);
    }

    // Case 009: unreadable files and folders were skipped without a word. Root reads everything, so this
    // runs only as an ordinary user; SecretsScanCommandTests drops to one when it runs as root.
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    [SkippableFact]
    public async Task ScanAsync_FileAndFolderWithoutPermission_NamedUnreadable()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "POSIX permissions");
        Skip.If(Environment.UserName == "root", "root reads files whatever their mode");
        using var folder = new TempFolder();
        var secret = folder.Write("secret.txt", Pair());
        folder.Write("locked/creds.ini", Pair(TestKeys.OtherKeyId, TestKeys.OtherSecret));
        var locked = Path.Combine(folder.Path, "locked");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var source = new FolderSource(new());
        try
        {
            await source.ScanAsync(folder.Path, CancellationToken.None);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var unreadable = source.Statistics.Unreadable;
        Assert.Equal(2, unreadable.Count);
        Assert.EndsWith("locked/", unreadable[0].Path, StringComparison.Ordinal);
        Assert.EndsWith("secret.txt", unreadable[1].Path, StringComparison.Ordinal);
        Assert.All(unreadable, u => Assert.Equal("permission denied", u.Reason));
    }

    // Case 017: a backslash is an ordinary character in a Linux file name and must not turn into a folder.
    [SkippableFact]
    public async Task ScanAsync_BackslashInFileName_PathKeptAsIs()
    {
        Skip.IfNot(Path.DirectorySeparatorChar == '/', "a backslash separates folders on Windows");
        using var folder = new TempFolder();
        folder.Write("back\\slash.txt", TestKeys.KeyId);

        var hit = Assert.Single(await new FolderSource(new()).ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("back\\slash.txt", hit.Location.Path);
    }

    // Case 027: UTF-16 text has NUL bytes but is text; its byte order mark says so.
    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public async Task ScanAsync_TextWithByteOrderMark_DecodedAndPairFound(string encodingName)
    {
        using var folder = new TempFolder();
        var encoding = Encoding.GetEncoding(encodingName);
        var text = $"[default]\r\n{Pair().Replace("\n", "\r\n", StringComparison.Ordinal)}";
        byte[] content = [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
        File.WriteAllBytes(Path.Combine(folder.Path, "creds.ini"), content);
        var source = new FolderSource(new());

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal(TestKeys.KeyId, hit.Key.KeyId);
        Assert.Equal(TestKeys.Secret, hit.Key.Secret?.Reveal());
        Assert.Equal(2, hit.Location.Line);
        Assert.Equal(0, source.Statistics.SkippedBinary);
    }
}
