using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>No customer managed policy grants full administrator access.</summary>
public sealed class IamCustomerPolicyAdmin : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.customer-policy-admin",
        Title = "No customer managed policy allows * on *",
        Severity = Severity.High,
        Section = ChecklistSection.Initial,
        Rationale = "A home-made policy that allows everything is an AdministratorAccess in disguise: whoever gets "
            + "it attached, now or later, owns the account.",
        Remediation = "Rewrite the policy to the actions and resources actually needed, or delete it if nothing "
            + "uses it.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-edit.html",
        Cis30 = ["1.16"],
        Cis50 = ["1.15"],
        SecurityHub = ["IAM.1"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var auth = snapshot.Iam.Authorization;
        if (!auth.Ok)
            return [Metadata.Unknown(snapshot.AccountId, SnapshotData.AuthorizationError(snapshot))];

        var findings = auth.Value!.Policies.Where(p => !p.IsAwsManaged).Select(Judge).OfType<Finding>().ToList();
        return findings.Count > 0
            ? findings
            : [Metadata.Pass(snapshot.AccountId, "No customer managed policy allows * on *.")];
    }

    private Finding? Judge(ManagedPolicy policy)
    {
        if (policy.Document is null)
            return Metadata.Unknown(policy.Arn, $"The document of policy {policy.Name} is not in the snapshot.");

        return AdminGrants.GrantsFullAdmin(policy.Document) switch
        {
            true => Metadata.Fail(policy.Arn,
                $"Policy {policy.Name} allows * on * (attached {policy.AttachmentCount} time(s))."),
            null => Metadata.Unknown(policy.Arn, $"Policy {policy.Name} could not be parsed."),
            false => null,
        };
    }
}
