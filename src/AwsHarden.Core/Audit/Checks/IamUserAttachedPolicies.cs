using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>IAM users get permissions only through groups, not from policies attached to them.</summary>
public sealed class IamUserAttachedPolicies : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.user-attached-policies",
        Title = "IAM users receive permissions only through groups",
        Severity = Severity.Low,
        Section = ChecklistSection.Initial,
        Rationale = "Permissions attached user by user drift apart and are forgotten when people change jobs; "
            + "groups keep who-can-do-what reviewable in one place.",
        Remediation = "Move each user's attached and inline policies to a group (or a role) and add the user to it.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "id_groups_manage_add-remove-users.html",
        Cis30 = ["1.15"],
        Cis50 = ["1.14"],
        SecurityHub = ["IAM.2"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var auth = snapshot.Iam.Authorization;
        if (!auth.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.AuthorizationError(snapshot))];

        var findings = auth.Value!.Users
            .Where(u => u.AttachedPolicies.Count + u.InlinePolicies.Count > 0)
            .Select(u => Metadata.Fail(u.Arn, $"User {u.Name} has policies of its own: {Names(u)}."))
            .ToList();
        return findings.Count > 0
            ? findings
            : [Metadata.Pass(snapshot.AccountId, "No IAM user has policies attached directly.")];
    }

    private static string Names(IamUser user) =>
        string.Join(", ", user.AttachedPolicies.Select(p => p.Name).Concat(user.InlinePolicies.Select(p => p.Name)));
}
