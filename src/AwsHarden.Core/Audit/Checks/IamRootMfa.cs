using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>The root user has an MFA device.</summary>
public sealed class IamRootMfa : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.root-mfa",
        Title = "Root user has MFA enabled",
        Severity = Severity.Critical,
        Section = ChecklistSection.Initial,
        Rationale = "The root user can do anything in the account, including closing it; a password alone is one "
            + "phishing e-mail away from losing the account.",
        Remediation = "Sign in as the root user, open Security credentials and assign an MFA device "
            + "(a hardware key or passkey is preferred).",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
        Cis30 = ["1.5"],
        Cis50 = ["1.4"],
        SecurityHub = ["IAM.9"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var root = SnapshotData.RootArn(snapshot);

        var hasMfa = SnapshotData.RootHasMfa(snapshot);
        if (hasMfa is null)
        {
            var error = SnapshotData.ReportError(snapshot);
            return [Metadata.Unknown(root, error)];
        }

        return hasMfa.Value
            ? [Metadata.Pass(root, "The root user has an MFA device.")]
            : [Metadata.Fail(root, "The root user has no MFA device.")];
    }
}
