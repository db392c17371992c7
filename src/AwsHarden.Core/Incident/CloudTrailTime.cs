using System.Globalization;

namespace AwsHarden.Incident;

/// <summary>Parses the time formats found in CloudTrail and in tools that export it.</summary>
public static class CloudTrailTime
{
    private static readonly string[] CompactFormats =
    [
        "yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmm'Z'", "yyyyMMddHHmmss", "yyyyMMdd'T'HHmmssK",
    ];

    /// <summary>ISO 8601 (with or without fraction and offset), compact <c>20240801T133328Z</c>, or epoch.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParseExact(text, CompactFormats, CultureInfo.InvariantCulture, styles, out time))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out time)) return true;

        return TryParseEpoch(text, out time);
    }

    private static bool TryParseEpoch(string text, out DateTimeOffset time)
    {
        time = default;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;

        // Ten digits are seconds until the year 2286; longer values are milliseconds.
        time = text.Length > 11 ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
        return true;
    }
}
