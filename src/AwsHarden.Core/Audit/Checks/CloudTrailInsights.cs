using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Every audited region is covered by a logging trail with both Insights types enabled.</summary>
public sealed class CloudTrailInsights : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "cloudtrail.insights",
        Title = "CloudTrail Insights detects unusual API call and error rates",
        Severity = Severity.Low,
        Section = ChecklistSection.Initial,
        Rationale = "A stolen key is usually noticed through a burst of unusual calls or access-denied errors; "
            + "Insights flags both for a few cents a month on a write-only trail.",
        Remediation = "On the trail recording management write events, enable Insights events for "
            + "ApiCallRateInsight and ApiErrorRateInsight.",
        RemediationUrl = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
            + "logging-insights-events-with-cloudtrail.html",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var trails = snapshot.Trails;
        if (!trails.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ErrorOf(trails, "cloudtrail:DescribeTrails"))];

        return snapshot.Regions.Select(region => ForRegion(snapshot, region, trails.Value!));
    }

    private Finding ForRegion(AccountSnapshot snapshot, string region, IReadOnlyList<Trail> trails)
    {
        var recording = trails.Where(t => TrailCoverage.Covers(t, region) && TrailCoverage.RecordsWrites(t)).ToList();

        var good = recording.FirstOrDefault(TrailCoverage.HasAllInsights);
        if (good is not null)
            return Metadata.Pass(region, $"Trail {good.Name} has API call rate and error rate Insights.", region);

        // A covering trail whose status or selectors could not be read might be the one that records writes.
        var unread = recording.Count == 0
            ? trails.Where(t => TrailCoverage.Covers(t, region)).Select(TrailCoverage.FirstError)
                .FirstOrDefault(e => e is not null)
            : null;
        var error = TrailCoverage.ListingError(snapshot, region)
            ?? unread
            ?? recording.Select(t => t.InsightsError).FirstOrDefault(e => e is not null);
        if (error is not null)
            return Metadata.Unknown(region, error, region);

        var message = recording.Count == 0
            ? "No logging trail records management write events here, so Insights cannot run."
            : $"Trail(s) {string.Join(", ", recording.Select(t => t.Name))} lack "
                + "ApiCallRateInsight and/or ApiErrorRateInsight.";
        return Metadata.Fail(region, message, region);
    }
}
