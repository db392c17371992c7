using System.Text;

namespace AwsHarden.Secrets;

/// <summary>
/// Turns raw file or object bytes into detected keys: decodes UTF-16 and UTF-32 text by its byte order
/// mark, skips other binaries, decodes UTF-8 text, detects.
/// </summary>
internal static class ContentScanner
{
    // Git and most editors call a file binary when a NUL byte appears near its start.
    private const int BinaryProbeBytes = 8000;

    public static bool LooksBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].IndexOf((byte)0) >= 0;

    /// <summary>Keys in the content; empty for binary content or content with no key id.</summary>
    public static IReadOnlyList<DetectedKey> Scan(ReadOnlySpan<byte> content, ScanStatistics stats)
    {
        // PowerShell's '>' and many Windows editors write UTF-16 with a BOM; its NUL bytes are not binary.
        if (DecodeByByteOrderMark(content) is { } wide)
        {
            stats.Scanned(content.Length);
            return SecretDetector.Detect(wide);
        }

        if (LooksBinary(content))
        {
            stats.Binary();
            return [];
        }

        stats.Scanned(content.Length);
        if (!SecretDetector.MightContainKeyId(content))
            return [];

        return SecretDetector.Detect(Encoding.UTF8.GetString(content));
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
