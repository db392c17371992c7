using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>How CloudTrail trails cover regions and which events they record.</summary>
internal static class TrailCoverage
{
    public static readonly string[] RequiredInsights = ["ApiCallRateInsight", "ApiErrorRateInsight"];

    /// <summary>A multi-region trail covers every region; any other trail only its home region.</summary>
    public static bool Covers(Trail trail, string region) =>
        trail.IsMultiRegion || string.Equals(trail.HomeRegion, region, StringComparison.Ordinal);

    /// <summary>True when the trail logs and records management write events.</summary>
    public static bool RecordsWrites(Trail trail) =>
        trail.IsLogging == true && trail.SelectorsError is null && RecordsManagementWrites(trail);

    public static bool RecordsManagementWrites(Trail trail) =>
        trail.EventSelectors.Any(BasicRecordsWrites) || trail.AdvancedEventSelectors.Any(AdvancedRecordsWrites);

    public static bool HasAllInsights(Trail trail) =>
        trail.InsightsError is null
        && RequiredInsights.All(t => trail.InsightTypes.Contains(t, StringComparer.Ordinal));

    /// <summary>The failed DescribeTrails of a region: its own single-region trails are then unknown, so a
    /// region without a covering trail must be Unknown rather than Fail.</summary>
    public static CallError? ListingError(AccountSnapshot snapshot, string region) =>
        snapshot.Failures.FirstOrDefault(e => e.Action == "cloudtrail:DescribeTrails" && e.Region == region);

    /// <summary>The first error that keeps us from judging this trail, for an honest Unknown.</summary>
    public static CallError? FirstError(Trail trail) => trail.StatusError ?? trail.SelectorsError;

    private static bool BasicRecordsWrites(EventSelector selector) =>
        selector.IncludeManagementEvents
        && (selector.ReadWriteType is "WriteOnly" or "All");

    // Advanced selectors: eventCategory = Management, and either no readOnly field or one that keeps writes.
    private static bool AdvancedRecordsWrites(AdvancedEventSelector selector)
    {
        var fields = selector.FieldSelectors;
        var management = fields.Any(f => Is(f, "eventCategory") && f.EqualsTo.Contains("Management"));
        if (!management)
            return false;

        var readOnly = fields.Where(f => Is(f, "readOnly")).ToList();
        return readOnly.Count == 0 || readOnly.All(KeepsWrites);
    }

    private static bool KeepsWrites(AdvancedFieldSelector readOnly) =>
        readOnly.EqualsTo.Contains("false", StringComparer.OrdinalIgnoreCase)
        || readOnly.NotEquals.Contains("true", StringComparer.OrdinalIgnoreCase);

    private static bool Is(AdvancedFieldSelector field, string name) =>
        string.Equals(field.Field, name, StringComparison.OrdinalIgnoreCase);
}
