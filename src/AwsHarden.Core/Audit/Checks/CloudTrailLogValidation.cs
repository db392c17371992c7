using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Every trail has log file integrity validation enabled.</summary>
public sealed class CloudTrailLogValidation : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "cloudtrail.log-validation",
        Title = "Trails validate log file integrity",
        Severity = Severity.Medium,
        Section = ChecklistSection.Initial,
        Rationale = "An intruder with S3 access can edit or delete log files to hide their steps; digest files "
            + "let you prove which log files were changed or removed.",
        Remediation = "Edit the trail and enable log file validation (CloudTrail then writes hourly digest files).",
        RemediationUrl = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/"
            + "cloudtrail-log-file-validation-enabling.html",
        Cis30 = ["3.2"],
        Cis50 = ["3.2"],
        SecurityHub = ["CloudTrail.4"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var trails = snapshot.Trails;
        if (!trails.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ErrorOf(trails, "cloudtrail:DescribeTrails"))];
        if (trails.Value!.Count == 0)
            return [Metadata.Fail(snapshot.AccountId, "The account has no trail, so no log file is validated.")];

        return trails.Value.Select(t => t.LogFileValidationEnabled
            ? Metadata.Pass(t.Arn, $"Trail {t.Name} validates its log files.", t.HomeRegion)
            : Metadata.Fail(t.Arn, $"Trail {t.Name} does not validate its log files.", t.HomeRegion));
    }
}
