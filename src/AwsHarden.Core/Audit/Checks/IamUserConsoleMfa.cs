using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>Every IAM user with a console password has MFA.</summary>
public sealed class IamUserConsoleMfa : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.user-console-mfa",
        Title = "IAM users with a console password have MFA",
        Severity = Severity.High,
        Section = ChecklistSection.Initial,
        Rationale = "A console password without MFA is the easiest way into an account: phished, reused or guessed "
            + "passwords are enough to sign in.",
        Remediation = "Have each listed user assign an MFA device under Security credentials, or remove the console "
            + "password of users that do not need the console.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
        Cis30 = ["1.10"],
        Cis50 = ["1.9"],
        SecurityHub = ["IAM.5"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var report = snapshot.Iam.CredentialReport;
        if (!report.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ReportError(snapshot))];

        var consoleUsers = SnapshotData.Users(report.Value!).Where(u => u.PasswordEnabled).ToList();
        if (consoleUsers.Count == 0)
            return [Metadata.NotApplicable(snapshot.AccountId, "No IAM user has a console password.")];

        return consoleUsers.Select(u => u.MfaActive
            ? Metadata.Pass(u.Arn, $"User {u.User} has a console password and MFA.")
            : Metadata.Fail(u.Arn, $"User {u.User} has a console password but no MFA."));
    }
}
