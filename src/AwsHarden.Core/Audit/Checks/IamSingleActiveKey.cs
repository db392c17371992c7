using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>No IAM user has two active access keys.</summary>
public sealed class IamSingleActiveKey : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.single-active-key",
        Title = "No IAM user has two active access keys",
        Severity = Severity.Low,
        Section = ChecklistSection.Periodic,
        Rationale = "Two active keys are normal only during a rotation; left that way, the old key keeps working "
            + "wherever it was copied.",
        Remediation = "Find which key is in use (last used date), deactivate the other, and delete it once nothing "
            + "breaks.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
        Cis30 = ["1.13"],
        Cis50 = ["1.12"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var report = snapshot.Iam.CredentialReport;
        if (!report.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ReportError(snapshot))];

        var withKeys = SnapshotData.Users(report.Value!).Where(u => SnapshotData.ActiveKeys(u).Any()).ToList();
        if (withKeys.Count == 0)
            return [Metadata.NotApplicable(snapshot.AccountId, "No IAM user has an active access key.")];

        return withKeys.Select(u => u.AccessKey1Active && u.AccessKey2Active
            ? Metadata.Fail(u.Arn, $"User {u.User} has two active access keys.")
            : Metadata.Pass(u.Arn, $"User {u.User} has one active access key."));
    }
}
