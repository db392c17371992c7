using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Every audited region is covered by a logging trail that records management write events.</summary>
public sealed class CloudTrailMultiRegionLogging : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "cloudtrail.multi-region-logging",
        Title = "Every region is covered by a trail logging management write events",
        Severity = Severity.High,
        Section = ChecklistSection.Initial,
        Rationale = "Without a trail, what an intruder created, changed or deleted cannot be reconstructed after "
            + "90 days, and activity in a region nobody watches goes unrecorded.",
        Remediation = "Create one multi-region trail recording management events (WriteOnly is enough and cheapest) "
            + "to an S3 bucket, and make sure it is logging.",
        RemediationUrl = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
            + "cloudtrail-create-and-update-a-trail.html",
        Cis30 = ["3.1"],
        Cis50 = ["3.1"],
        SecurityHub = ["CloudTrail.1"],
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
        var candidates = trails.Where(t => TrailCoverage.Covers(t, region)).ToList();

        var good = candidates.FirstOrDefault(TrailCoverage.RecordsWrites);
        if (good is not null)
            return Metadata.Pass(region, $"Trail {good.Name} records management write events here.", region);

        var error = TrailCoverage.ListingError(snapshot, region)
            ?? candidates.Select(TrailCoverage.FirstError).FirstOrDefault(e => e is not null);
        if (error is not null)
            return Metadata.Unknown(region, error, region);

        return Metadata.Fail(region, Why(candidates), region);
    }

    private static string Why(IReadOnlyList<Trail> candidates)
    {
        if (candidates.Count == 0)
            return "No trail covers this region.";

        var notLogging = candidates.Where(t => t.IsLogging != true).Select(t => t.Name).ToList();
        if (notLogging.Count == candidates.Count)
            return $"Trail(s) {string.Join(", ", notLogging)} cover this region but are not logging.";

        return "No trail covering this region records management write events.";
    }
}
