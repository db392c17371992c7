using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>The root user has no access keys.</summary>
public sealed class IamRootAccessKeys : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.root-access-keys",
        Title = "Root user has no access keys",
        Severity = Severity.Critical,
        Section = ChecklistSection.Initial,
        Rationale = "A root access key has unrestricted, unconditional access to the account and cannot be limited "
            + "by any policy; leaked, it hands the whole account to whoever finds it.",
        Remediation = "Sign in as the root user, open Security credentials and delete every access key "
            + "(deactivating is not enough).",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_root-user_manage_delete-key.html",
        Cis30 = ["1.4"],
        Cis50 = ["1.3"],
        SecurityHub = ["IAM.4"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var root = SnapshotData.RootArn(snapshot);

        var row = SnapshotData.RootRow(snapshot);
        if (row is not null)
            return [FromReport(root, row)];

        var present = SnapshotData.SummaryFlag(snapshot, "AccountAccessKeysPresent");
        if (present is null)
            return [Metadata.Unknown(root, SnapshotData.ReportError(snapshot))];

        return present.Value
            ? [Metadata.Fail(root, "The root user has an access key (GetAccountSummary).")]
            : [Metadata.Pass(root, "The root user has no access key.")];
    }

    private Finding FromReport(string root, CredentialReportRow row)
    {
        var active = (row.AccessKey1Active ? 1 : 0) + (row.AccessKey2Active ? 1 : 0);
        return active == 0
            ? Metadata.Pass(root, "The root user has no active access key.")
            : Metadata.Fail(root, $"The root user has {active} active access key(s).");
    }
}
