using AwsHarden.Model;
using AwsHarden.Policies;

namespace AwsHarden.Audit.Checks;

/// <summary>A service control policy applying to the account denies regions outside an allowed set.</summary>
public sealed class OrganizationsScpRegionRestriction : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "organizations.scp-region-restriction",
        Title = "An SCP denies the regions the account never uses",
        Severity = Severity.Medium,
        Section = ChecklistSection.Additional,
        Rationale = "Stolen keys are often used to start instances in far-away regions nobody looks at; an SCP that "
            + "denies unused regions stops that even for administrators.",
        Remediation = "Create an organization (free), enable SCPs, and attach to the account an SCP denying "
            + "requests whose aws:RequestedRegion is outside the regions you use (awsharden fix can write it).",
        RemediationUrl = "https://docs.aws.amazon.com/organizations/latest/userguide/"
            + "orgs_manage_policies_scps_examples_general.html",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
        [ScpGuardrail.Evaluate(Metadata, snapshot, PolicyAnalysis.RestrictsRegions, "restricts regions")];
}
