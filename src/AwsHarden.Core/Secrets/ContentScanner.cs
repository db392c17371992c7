using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace AwsHarden.Secrets;

/// <summary>
/// Turns raw file or object bytes into detected keys: opens gzip, zip and tar archives (nested ones too) and
/// scans their members, decodes UTF-16 and UTF-32 text by its byte order mark, skips other binaries, decodes
/// UTF-8 text, detects.
/// </summary>
internal static class ContentScanner
{
    // Git and most editors call a file binary when a NUL byte appears near its start.
    private const int BinaryProbeBytes = 8000;

    public static bool LooksBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].IndexOf((byte)0) >= 0;

    // A zip inside a tar inside a gzip is common (release bundles); deeper nesting is rare and a bomb risk.
    private const int MaxArchiveDepth = 3;

    /// <summary>Keys in the content; empty for binary content or content with no key id. Keys inside an
    /// archive carry the member's path in <see cref="DetectedKey.Member"/>; no member, decompressed, may exceed
    /// <paramref name="maxBytes"/>. An archive that cannot be read whole (damaged, truncated, encrypted,
    /// nested too deep) is named in the statistics' unreadable list under <paramref name="path"/>.</summary>
    public static IReadOnlyList<DetectedKey> Scan(ReadOnlySpan<byte> content, ScanStatistics stats,
        long maxBytes = 5 * 1024 * 1024, string path = "(content)") =>
        Scan(content, stats, maxBytes, new ArchivePath(path, null), depth: 0);

    private static IReadOnlyList<DetectedKey> Scan(ReadOnlySpan<byte> content, ScanStatistics stats, long maxBytes,
        ArchivePath path, int depth)
    {
        if (ArchiveKind(content) is { } kind)
        {
            if (depth < MaxArchiveDepth)
                return ScanArchive(kind, content.ToArray(), stats, maxBytes, path, depth);
            stats.CouldNotRead(path.Shown, $"an archive nested deeper than {MaxArchiveDepth} levels is not opened");
            return [];
        }

        // PowerShell's '>' and many Windows editors write UTF-16 with a BOM; its NUL bytes are not binary.
        if (DecodeByByteOrderMark(content) is { } wide)
        {
            stats.Scanned(content.Length);
            return SecretDetector.Detect(wide);
        }

        if (LooksBinary(content))
        {
            // UTF-16 of ASCII text is half NUL bytes; only content with a NUL needs the closer look.
            if (DecodeUtf16WithoutMark(content) is { } unmarked)
            {
                stats.Scanned(content.Length);
                return SecretDetector.Detect(unmarked);
            }

            stats.Binary();
            return [];
        }

        stats.Scanned(content.Length);
        if (!SecretDetector.MightContainKeyId(content))
            return [];

        return SecretDetector.Detect(Encoding.UTF8.GetString(content));
    }

    /// <summary>A file, blob or object and the chain of members inside it, named as the user sees it.</summary>
    /// <param name="Cut">True inside a truncated gzip, which is already named: the damage its partial
    /// content shows (a tar cut mid-member) is the same damage, not named again.</param>
    private sealed record ArchivePath(string Outer, string? Member, bool Cut = false)
    {
        public string Shown => Member is null ? Outer : $"{Outer}!{Member}";

        public ArchivePath Inside(string member) =>
            this with { Member = Member is null ? member : $"{Member}!{member}" };
    }

    private enum Archive { Gzip, Zip, Tar }

    private static Archive? ArchiveKind(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            return Archive.Gzip;
        if (content.StartsWith("PK\u0003\u0004"u8))
            return Archive.Zip;
        if (content.Length >= 262 && content[257..262].SequenceEqual("ustar"u8))
            return Archive.Tar;
        return null;
    }

    /// <summary>Keys in every member. An archive that turns out damaged is named unreadable: its unread tail
    /// may hold a key. Keys in the members read before the damage still count.</summary>
    private static IReadOnlyList<DetectedKey> ScanArchive(Archive kind, byte[] content, ScanStatistics stats,
        long maxBytes, ArchivePath path, int depth)
    {
        var keys = new List<DetectedKey>();
        var read = 0;
        try
        {
            foreach (var (member, bytes, cut) in Members(kind, content, maxBytes, stats, path))
            {
                read++;
                var inner = path.Inside(member) with { Cut = path.Cut || cut };
                keys.AddRange(Scan(bytes, stats, maxBytes, inner, depth + 1)
                    .Select(k => k with { Member = k.Member is null ? member : $"{member}!{k.Member}" }));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException
            or IOException or NotSupportedException)
        {
            var after = kind == Archive.Gzip ? "" : $" after {read} member{(read == 1 ? "" : "s")}";
            if (!path.Cut)
                stats.CouldNotRead(path.Shown, $"damaged or truncated {Name(kind)}{after}");
        }
        return keys;
    }

    private static string Name(Archive kind) => kind switch
    {
        Archive.Gzip => "gzip",
        Archive.Zip => "zip",
        _ => "tar",
    };

    private static IEnumerable<(string Member, byte[] Bytes, bool Cut)> Members(Archive kind, byte[] content,
        long maxBytes, ScanStatistics stats, ArchivePath path)
    {
        switch (kind)
        {
            case Archive.Gzip:
                using (var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress))
                {
                    if (ReadCapped(gzip, maxBytes) is not { } whole)
                    {
                        stats.TooLarge();
                        break;
                    }
                    // The part before the cut is still scanned: a key found there is a key leaked.
                    var cut = !GzipTrailerFits(content, whole.Length);
                    if (cut)
                        stats.CouldNotRead(path.Shown, $"truncated or damaged gzip: only {whole.Length} bytes "
                            + "could be decompressed");
                    yield return ("(gunzipped)", whole, cut);
                }
                break;
            case Archive.Zip:
                using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
                {
                    foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith('/')))
                    {
                        if (entry.IsEncrypted)
                        {
                            stats.CouldNotRead(path.Inside(entry.FullName).Shown, "encrypted zip member");
                            continue;
                        }
                        using var stream = entry.Open();
                        if (entry.Length <= maxBytes && ReadCapped(stream, maxBytes) is { } bytes)
                            yield return (entry.FullName, bytes, false);
                        else
                            stats.TooLarge();
                    }
                }
                break;
            case Archive.Tar:
                using (var tar = new TarReader(new MemoryStream(content)))
                {
                    while (tar.GetNextEntry() is { } entry)
                    {
                        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                            || entry.DataStream is null)
                            continue;
                        if (entry.Length <= maxBytes && ReadCapped(entry.DataStream, maxBytes) is { } bytes)
                            yield return (entry.Name, bytes, false);
                        else
                            stats.TooLarge();
                    }
                }
                break;
        }
    }

    /// <summary>
    /// True when the gzip trailer's recorded size matches what was decompressed. The decompressor stops
    /// quietly at a truncated end, so this check is what tells a cut-off download from a whole one.
    /// </summary>
    /// <remarks>A file of several gzip members (bgzip, pigz -i) records only its last member's size, which
    /// is then smaller than the whole and is followed by another member's magic somewhere.</remarks>
    private static bool GzipTrailerFits(byte[] content, long decompressed)
    {
        if (content.Length < 18)
            return false;
        var recorded = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(content.AsSpan(^4));
        if (recorded == (uint)decompressed)
            return true;
        return recorded < decompressed && content.AsSpan(10).IndexOf((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]) >= 0;
    }

    /// <summary>The stream's bytes, or null when it holds more than <paramref name="maxBytes"/> (a size
    /// recorded in an archive's header can lie; the count read cannot).</summary>
    private static byte[]? ReadCapped(Stream stream, long maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The text of UTF-16 content written without a byte order mark (some Windows tools do), told
    /// by its shape: mostly ASCII, so nearly every high byte is zero and nearly no low byte is.</summary>
    internal static string? DecodeUtf16WithoutMark(ReadOnlySpan<byte> content)
    {
        var probe = content[..(Math.Min(content.Length, BinaryProbeBytes) & ~1)];
        if (probe.Length < 16)
            return null;
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < probe.Length; i += 2)
        {
            evenZeros += probe[i] == 0 ? 1 : 0;
            oddZeros += probe[i + 1] == 0 ? 1 : 0;
        }

        var pairs = probe.Length / 2;
        if (oddZeros >= pairs * 0.9 && evenZeros <= pairs * 0.02)
            return Encoding.Unicode.GetString(content[..(content.Length & ~1)]);
        if (evenZeros >= pairs * 0.9 && oddZeros <= pairs * 0.02)
            return Encoding.BigEndianUnicode.GetString(content[..(content.Length & ~1)]);
        return null;
    }

    /// <summary>The text of UTF-32 or UTF-16 content that starts with its byte order mark, else null.</summary>
    internal static string? DecodeByByteOrderMark(ReadOnlySpan<byte> content)
    {
        // UTF-32 LE's mark begins with UTF-16 LE's, so it is tested first.
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return new UTF32Encoding(bigEndian: false, byteOrderMark: false).GetString(content[4..]);
        if (content.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            return new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(content[4..]);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Encoding.Unicode.GetString(content[2..]);
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Encoding.BigEndianUnicode.GetString(content[2..]);
        return null;
    }
}
