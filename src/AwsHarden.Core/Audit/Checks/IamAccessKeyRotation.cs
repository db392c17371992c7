using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Active access keys are younger than the configured rotation period.</summary>
public sealed class IamAccessKeyRotation : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.access-key-rotation",
        Title = "Active access keys are rotated",
        Severity = Severity.Medium,
        Section = ChecklistSection.Periodic,
        Rationale = "The older a key, the more laptops, CI systems and repositories it has been copied to; "
            + "rotating limits how long a leaked copy works.",
        Remediation = "Create a second key, switch the program to it, deactivate the old key, then delete it "
            + "(awsharden can plan this). Better still, replace the key with a role.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_credentials_access-keys.html#rotating_access_keys_console",
        Cis30 = ["1.14"],
        Cis50 = ["1.13"],
        SecurityHub = ["IAM.3"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var report = snapshot.Iam.CredentialReport;
        if (!report.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ReportError(snapshot))];

        var keys = SnapshotData.Users(report.Value!)
            .SelectMany(u => SnapshotData.ActiveKeys(u).Select(k => (User: u, Key: k)))
            .ToList();
        if (keys.Count == 0)
            return [Metadata.NotApplicable(snapshot.AccountId, "No IAM user has an active access key.")];

        return keys.Select(k => Judge(k.User, k.Key, snapshot.CollectedAt, config.KeyRotationDays));
    }

    private Finding Judge(CredentialReportRow user, ReportKey key, DateTimeOffset now, int maxDays)
    {
        var resource = $"{user.Arn}#key{key.Number}";
        if (key.LastRotated is null)
            return Metadata.Unknown(resource, $"User {user.User}: access key {key.Number} has no creation date.");

        var age = SnapshotData.DaysBetween(key.LastRotated.Value, now);
        return age > maxDays
            ? Metadata.Fail(resource, $"User {user.User}: access key {key.Number} is {age} days old (> {maxDays}).")
            : Metadata.Pass(resource, $"User {user.User}: access key {key.Number} is {age} days old.");
    }
}
