using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>People sign in with their own identity: IAM Identity Center, or at least no shared IAM users.</summary>
public sealed class IamIndividualIdentities : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.individual-identities",
        Title = "Each person signs in with their own identity",
        Severity = Severity.Medium,
        Section = ChecklistSection.Initial,
        Rationale = "A login shared by several people cannot be traced to who did what, and cannot be revoked when "
            + "one of them leaves without locking out the others.",
        Remediation = "Use IAM Identity Center for people (it is free), or create one IAM user per person; give "
            + "programs roles or their own keys instead of a person's login.",
        RemediationUrl = "https://docs.aws.amazon.com/singlesignon/latest/userguide/"
            + "get-started-enable-identity-center.html",
        Cis30 = ["1.21"],
        Cis50 = ["1.20"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var account = snapshot.AccountId;
        var center = snapshot.IdentityCenter;
        if (center.Ok && center.Value!.InstanceArns.Count > 0)
            return [Metadata.Pass(account, $"IAM Identity Center is in use ({center.Value.InstanceArns[0]}).")];

        var evidence = Evidence(snapshot, config).ToList();
        if (!center.Ok)
            evidence.Insert(0, Metadata.Unknown(account, SnapshotData.ErrorOf(center, "sso:ListInstances")));
        if (evidence.All(f => f.Status != Status.Manual))
            evidence.Add(Metadata.Manual(account, "IAM Identity Center is not in use; confirm that every IAM user "
                + "belongs to exactly one person."));

        return evidence;
    }

    private IEnumerable<Finding> Evidence(AccountSnapshot snapshot, AuditConfig config)
    {
        var report = snapshot.Iam.CredentialReport;
        if (!report.Ok)
        {
            yield return Metadata.Unknown(snapshot.AccountId, SnapshotData.ReportError(snapshot));
            yield break;
        }

        foreach (var user in SnapshotData.Users(report.Value!))
        {
            var hints = Hints(user, snapshot.CollectedAt, config).ToList();
            if (hints.Count > 0)
                yield return Metadata.Manual(user.Arn, $"User {user.User}: {string.Join("; ", hints)}.");
        }
    }

    private static IEnumerable<string> Hints(CredentialReportRow user, DateTimeOffset now, AuditConfig config)
    {
        var sharedName = config.SharedLoginNames
            .FirstOrDefault(n => user.User.Contains(n, StringComparison.OrdinalIgnoreCase));
        if (sharedName is not null)
            yield return $"the name contains '{sharedName}', which suggests a shared login";

        if (InUse(user.PasswordLastUsed, now, config) && KeyInUse(user, now, config))
            yield return "both the console password and an access key are in active use (a person and a program?)";
    }

    private static bool KeyInUse(CredentialReportRow user, DateTimeOffset now, AuditConfig config) =>
        (user.AccessKey1Active && InUse(user.AccessKey1LastUsed, now, config))
        || (user.AccessKey2Active && InUse(user.AccessKey2LastUsed, now, config));

    private static bool InUse(DateTimeOffset? lastUsed, DateTimeOffset now, AuditConfig config) =>
        lastUsed is { } used && SnapshotData.DaysBetween(used, now) < config.UnusedCredentialDays;
}
