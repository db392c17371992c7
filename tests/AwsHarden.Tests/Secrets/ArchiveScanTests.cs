using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using AwsHarden.Secrets;

namespace AwsHarden.Tests.Secrets;

public sealed class ArchiveScanTests
{
    private static readonly DateTimeOffset Day1 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static string Env(string keyId = TestKeys.KeyId, string secret = TestKeys.Secret) =>
        $"# deploy\nAWS_ACCESS_KEY_ID={keyId}\nAWS_SECRET_ACCESS_KEY={secret}\n";

    [Fact]
    public async Task ScanAsync_KeyInsideZip_FoundWithMemberPathAndLine()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "bundle.zip"),
            Zip(("docs/readme.txt", "nothing here"), ("config/.env", Env())));

        var hits = await new FolderSource(new()).ScanAsync(folder.Path, CancellationToken.None);

        var hit = Assert.Single(hits);
        Assert.Equal("bundle.zip!config/.env", hit.Location.Path);
        Assert.Equal(2, hit.Location.Line);
        Assert.NotNull(hit.Key.Secret);
    }

    [Fact]
    public async Task ScanAsync_ZipInsideTarGz_FoundThroughEveryLayer()
    {
        using var folder = new TempFolder();
        var inner = Zip(("creds.ini", $"[default]\naws_access_key_id = {TestKeys.OtherKeyId}\n"
            + $"aws_secret_access_key = {TestKeys.OtherSecret}\n"));
        File.WriteAllBytes(Path.Combine(folder.Path, "release.tar.gz"), Gzip(Tar(("pkg/inner.zip", inner))));

        var hits = await new FolderSource(new()).ScanAsync(folder.Path, CancellationToken.None);

        var hit = Assert.Single(hits);
        Assert.Equal("release.tar.gz!(gunzipped)!pkg/inner.zip!creds.ini", hit.Location.Path);
        Assert.Equal(TestKeys.OtherKeyId, hit.Key.KeyId);
    }

    [Fact]
    public async Task ScanAsync_GzipLargerThanCapWhenUnpacked_CountedTooLargeNotRead()
    {
        using var folder = new TempFolder();
        var big = new string(' ', 2_000_000) + Env();
        File.WriteAllBytes(Path.Combine(folder.Path, "dump.sql.gz"), Gzip(Encoding.UTF8.GetBytes(big)));
        var source = new FolderSource(new SecretScanOptions { MaxFileBytes = 1_000_000 });

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Empty(hits);
        Assert.Equal(1, source.Statistics.SkippedTooLarge);
    }

    [Fact]
    public async Task ScanAsync_DamagedZip_NamedUnreadableAndTheScanGoesOn()
    {
        using var folder = new TempFolder();
        var zip = Zip(("a.env", Env()));
        File.WriteAllBytes(Path.Combine(folder.Path, "broken.zip"), zip[..(zip.Length / 2)]);
        folder.Write("plain.txt", Env(TestKeys.OtherKeyId, TestKeys.OtherSecret));
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Equal(["plain.txt"], hits.Select(h => h.Location.Path));
        Assert.Equal(0, source.Statistics.SkippedBinary);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.EndsWith("broken.zip", unreadable.Path, StringComparison.Ordinal);
        Assert.Contains("zip", unreadable.Reason, StringComparison.Ordinal);
    }

    // Case 001 (session 2): a truncated .tar.gz was "all clear"; the gzip decompressor stops quietly at the cut.
    [Fact]
    public async Task ScanAsync_TruncatedTarGz_NamedUnreadableAndKeysBeforeTheCutStillFound()
    {
        using var folder = new TempFolder();
        var filler = Enumerable.Range(0, 40)
            .Select(i => ($"f{i:D2}.bin", System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096)));
        var whole = Gzip(Tar([("a/first.env", Encoding.UTF8.GetBytes(Env())), .. filler,
            ("z/last.env", Encoding.UTF8.GetBytes(Env(TestKeys.OtherKeyId, TestKeys.OtherSecret)))]));
        File.WriteAllBytes(Path.Combine(folder.Path, "half.tar.gz"), whole[..(whole.Length / 2)]);
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Equal([TestKeys.KeyId], hits.Select(h => h.Key.KeyId));
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Equal(Path.Combine(folder.Path, "half.tar.gz"), unreadable.Path);
        Assert.Contains("truncated", unreadable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanAsync_WholeGzipOfSeveralMembers_NotCalledTruncated()
    {
        using var folder = new TempFolder();
        var content = Gzip(Encoding.UTF8.GetBytes(new string('x', 5000))).Concat(Gzip(Encoding.UTF8.GetBytes(Env())));
        File.WriteAllBytes(Path.Combine(folder.Path, "multi.gz"), content.ToArray());
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Single(hits);
        Assert.Empty(source.Statistics.Unreadable);
    }

    // Case 002 (session 2): a zip nested past the limit was silently "binary".
    [Fact]
    public async Task ScanAsync_ZipNestedFourDeep_InnermostNamedUnreadable()
    {
        using var folder = new TempFolder();
        var nested = Zip(("creds.ini", Env()));
        for (var level = 1; level <= 3; level++)
            nested = Zip(($"l{level}.zip", nested));
        File.WriteAllBytes(Path.Combine(folder.Path, "l4.zip"), nested);
        var source = new FolderSource(new());

        var hits = await source.ScanAsync(folder.Path, CancellationToken.None);

        Assert.Empty(hits);
        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Equal(Path.Combine(folder.Path, "l4.zip!l3.zip!l2.zip!l1.zip"), unreadable.Path);
        Assert.Contains("nested deeper", unreadable.Reason, StringComparison.Ordinal);
    }

    // `zip -P pw enc.zip creds.ini`: .NET cannot write an encrypted member, so its bytes are kept here.
    private const string EncryptedZip =
        "UEsDBBQACQAIAOuZg12k7GtzdQAAAHQAAAAJABwAY3JlZHMuaW5pVVQJAAPKvxFryr8Ra3V4CwABBAAAAAAEAAAAAC83MFwGHw1EiiT9/v/w3"
        + "fpHq7iXDR+kzF/FYIu68H22/8GSPtWEcaK4kXRyKy3RKT7Iq1pnw+jeCv6amc12aCCn5ncTQZWPmqgCYY+L6QyYRS3ul3WCNX5LSAk2xTdMk"
        + "NW8TjVVkMHUvs0RB64OMzBu1lb6BFBLBwik7GtzdQAAAHQAAABQSwECHgMUAAkACADrmYNdpOxrc3UAAAB0AAAACQAYAAAAAAABAAAApIEAA"
        + "AAAY3JlZHMuaW5pVVQFAAPKvxFrdXgLAAEEAAAAAAQAAAAAUEsFBgAAAAABAAEATwAAAMgAAAAAAA==";

    [Fact]
    public async Task ScanAsync_EncryptedZipMember_NamedUnreadable()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "enc.zip"), Convert.FromBase64String(EncryptedZip));
        var source = new FolderSource(new());

        await source.ScanAsync(folder.Path, CancellationToken.None);

        var unreadable = Assert.Single(source.Statistics.Unreadable);
        Assert.Equal(Path.Combine(folder.Path, "enc.zip!creds.ini"), unreadable.Path);
        Assert.Contains("encrypted", unreadable.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ScanAsync_ZipCommittedToHistory_FoundStillPresentAtHead(bool gitExecutable)
    {
        using var folder = new TempFolder();
        folder.InitRepository();
        File.WriteAllBytes(Path.Combine(folder.Path, "backup.zip"), Zip(("home/.aws/credentials", Env())));
        var adding = folder.Commit("add backup", Day1);
        var source = new GitHistorySource(new()) { UseGitExecutable = gitExecutable };

        var hit = Assert.Single(await source.ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal("backup.zip!home/.aws/credentials", hit.Location.Path);
        Assert.Equal(adding, hit.Location.Commit);
        Assert.True(hit.Location.StillPresent);
    }

    private static byte[] Zip(params (string Name, object Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content is string text ? Encoding.UTF8.GetBytes(text) : (byte[])content);
            }
        }
        return buffer.ToArray();
    }

    private static byte[] Tar(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name)
                    { DataStream = new MemoryStream(content) });
        }
        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        return buffer.ToArray();
    }
}

public sealed class Utf16WithoutMarkTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ScanAsync_Utf16WithoutByteOrderMark_Decoded(bool bigEndian)
    {
        using var folder = new TempFolder();
        var text = $"$env:AWS_ACCESS_KEY_ID = '{TestKeys.KeyId}'\r\n"
            + $"$env:AWS_SECRET_ACCESS_KEY = '{TestKeys.Secret}'\r\n";
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false);
        File.WriteAllBytes(Path.Combine(folder.Path, "setup.ps1"), encoding.GetBytes(text));

        var hit = Assert.Single(await new FolderSource(new()).ScanAsync(folder.Path, CancellationToken.None));

        Assert.Equal(TestKeys.KeyId, hit.Key.KeyId);
        Assert.NotNull(hit.Key.Secret);
    }

    [Fact]
    public async Task ScanAsync_BinaryWithScatteredZeros_StillBinary()
    {
        using var folder = new TempFolder();
        var bytes = new byte[4000];
        new Random(7).NextBytes(bytes);
        for (var i = 1; i < bytes.Length; i += 7)
            bytes[i] = 0;
        Encoding.ASCII.GetBytes(TestKeys.KeyId).CopyTo(bytes, 100);
        File.WriteAllBytes(Path.Combine(folder.Path, "blob.bin"), bytes);
        var source = new FolderSource(new());

        Assert.Empty(await source.ScanAsync(folder.Path, CancellationToken.None));
        Assert.Equal(1, source.Statistics.SkippedBinary);
    }
}
