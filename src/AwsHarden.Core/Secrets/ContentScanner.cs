using System.Text;

namespace AwsHarden.Secrets;

/// <summary>Turns raw file or object bytes into detected keys: skips binaries, decodes text, detects.</summary>
internal static class ContentScanner
{
    // Git and most editors call a file binary when a NUL byte appears near its start.
    private const int BinaryProbeBytes = 8000;

    public static bool LooksBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeBytes)].IndexOf((byte)0) >= 0;

    /// <summary>Keys in the content; empty for binary content or content with no key id.</summary>
    public static IReadOnlyList<DetectedKey> Scan(ReadOnlySpan<byte> content, ScanStatistics stats)
    {
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
}
