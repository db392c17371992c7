using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>No console password or active access key has gone unused for the configured number of days.</summary>
public sealed class IamUnusedCredentials : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.unused-credentials",
        Title = "Unused passwords and access keys are removed",
        Severity = Severity.Medium,
        Section = ChecklistSection.Periodic,
        Rationale = "Credentials nobody uses belong to people who left or programs that were retired; nobody "
            + "would notice them being used by someone else.",
        Remediation = "Deactivate, then delete, access keys and console passwords unused for longer than the "
            + "configured number of days (UnusedCredentialDays).",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_credentials_finding-unused.html",
        Cis30 = ["1.12"],
        Cis50 = ["1.11"],
        SecurityHub = ["IAM.22"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var report = snapshot.Iam.CredentialReport;
        if (!report.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.ReportError(snapshot))];

        var users = SnapshotData.Users(report.Value!)
            .Where(u => u.PasswordEnabled || SnapshotData.ActiveKeys(u).Any())
            .ToList();
        if (users.Count == 0)
            return [Metadata.NotApplicable(snapshot.AccountId, "No IAM user has a password or an active key.")];

        return users.Select(u => Judge(u, snapshot.CollectedAt, config.UnusedCredentialDays));
    }

    private Finding Judge(CredentialReportRow user, DateTimeOffset now, int days)
    {
        var stale = Stale(user, now, days).ToList();
        return stale.Count == 0
            ? Metadata.Pass(user.Arn, $"User {user.User}: every credential was used in the last {days} days.")
            : Metadata.Fail(user.Arn, $"User {user.User}: {string.Join("; ", stale)}.");
    }

    // A credential never used counts from when it was issued, so a fresh one is not flagged.
    private static IEnumerable<string> Stale(CredentialReportRow user, DateTimeOffset now, int days)
    {
        if (user.PasswordEnabled)
        {
            var since = user.PasswordLastUsed ?? user.PasswordLastChanged ?? user.UserCreationTime;
            if (since is null || SnapshotData.DaysBetween(since.Value, now) >= days)
                yield return Describe("password", user.PasswordLastUsed, since, now);
        }

        foreach (var key in SnapshotData.ActiveKeys(user))
        {
            var since = key.LastUsed ?? key.LastRotated;
            if (since is null || SnapshotData.DaysBetween(since.Value, now) >= days)
                yield return Describe($"access key {key.Number}", key.LastUsed, since, now);
        }
    }

    private static string Describe(string what, DateTimeOffset? lastUsed, DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is null)
            return $"{what} has no recorded use or creation date";

        var age = SnapshotData.DaysBetween(since.Value, now);
        return lastUsed is null ? $"{what} never used in {age} days" : $"{what} last used {age} days ago";
    }
}
