using AwsHarden.Model;
using AwsHarden.Policies;

namespace AwsHarden.Audit.Checks;

/// <summary>A service control policy applying to the account denies EC2 instance types outside a set.</summary>
public sealed class OrganizationsScpInstanceTypeRestriction : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "organizations.scp-instance-type-restriction",
        Title = "An SCP denies the EC2 instance types the account never runs",
        Severity = Severity.Medium,
        Section = ChecklistSection.Additional,
        Rationale = "Crypto-miners launch the largest GPU instances they can; denying types you never use caps the "
            + "bill a stolen key can run up.",
        Remediation = "Attach to the account an SCP that denies ec2:RunInstances unless ec2:InstanceType is one of "
            + "the types you use (awsharden fix can write it).",
        RemediationUrl = "https://docs.aws.amazon.com/organizations/latest/userguide/"
            + "orgs_manage_policies_scps_examples_ec2.html",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
        [ScpGuardrail.Evaluate(Metadata, snapshot, PolicyAnalysis.RestrictsInstanceTypes, "restricts instance types")];
}
