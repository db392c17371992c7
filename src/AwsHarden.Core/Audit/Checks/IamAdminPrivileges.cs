using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>No user, group or role is allowed every action on every resource.</summary>
public sealed class IamAdminPrivileges : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.admin-privileges",
        Title = "No user, group or role is allowed * on *",
        Severity = Severity.High,
        Section = ChecklistSection.Initial,
        Rationale = "Full administrator access turns any leaked key or compromised workload into a full account "
            + "takeover; least privilege limits what a stolen credential can do.",
        Remediation = "Replace AdministratorAccess and other * on * policies with policies scoped to the actions "
            + "and resources each principal uses (IAM Access Analyzer can generate them from CloudTrail).",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "best-practices.html#grant-least-privilege",
        Cis30 = ["1.16"],
        Cis50 = ["1.15"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var auth = snapshot.Iam.Authorization;
        if (!auth.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.AuthorizationError(snapshot))];

        var findings = Principals(auth.Value!).ToList();
        return findings.Count > 0
            ? findings
            : [Metadata.Pass(snapshot.AccountId, "No user, group or role is allowed * on *.")];
    }

    private IEnumerable<Finding> Principals(AuthorizationDetails details)
    {
        var grants = new AdminGrants(details);
        var groups = details.Groups.ToDictionary(
            g => g.Name, g => grants.Of(g.AttachedPolicies, g.InlinePolicies), StringComparer.Ordinal);

        foreach (var user in details.Users)
        {
            var own = grants.Of(user.AttachedPolicies, user.InlinePolicies);
            var viaGroups = user.Groups.Where(groups.ContainsKey).SelectMany(name => groups[name].Grants
                .Select(g => $"{g} of group {name}"));
            var problems = own.Problems.Concat(user.Groups.Where(groups.ContainsKey)
                .SelectMany(name => groups[name].Problems));
            var combined = new AdminGrant([.. own.Grants, .. viaGroups], [.. problems]);
            if (Judge(user.Arn, "User", user.Name, combined) is { } finding)
                yield return finding;
        }

        foreach (var group in details.Groups)
        {
            if (Judge(group.Arn, "Group", group.Name, groups[group.Name]) is { } finding)
                yield return finding;
        }

        foreach (var role in details.Roles)
        {
            if (Judge(role.Arn, "Role", role.Name, grants.Of(role.AttachedPolicies, role.InlinePolicies)) is { } f)
                yield return f;
        }
    }

    private Finding? Judge(string arn, string kind, string name, AdminGrant grant)
    {
        if (grant.IsAdmin)
            return Metadata.Fail(arn, $"{kind} {name} is allowed * on * by {string.Join(", ", grant.Grants)}.");
        if (grant.Problems.Count > 0)
            return Metadata.Unknown(arn, $"{kind} {name}: {string.Join("; ", grant.Problems)}.");

        return null;
    }
}
