using AwsHarden.Audit.Checks;

namespace AwsHarden.Audit;

/// <summary>Every check the audit runs, in report order (the checklist's order, then periodic items).</summary>
public static class CheckCatalog
{
    public static IReadOnlyList<ICheck> All { get; } =
    [
        new IamRootMfa(),
        new IamRootHardwareMfa(),
        new IamUserConsoleMfa(),
        new IamRootAccessKeys(),
        new CloudTrailMultiRegionLogging(),
        new CloudTrailInsights(),
        new CloudTrailLogValidation(),
        new CeAnomalyDetection(),
        new IamIndividualIdentities(),
        new IamAdminPrivileges(),
        new IamCustomerPolicyAdmin(),
        new IamUserAttachedPolicies(),
        new IamPasswordPolicy(),
        new AccountAlternateContacts(),
        new CloudWatchBillingAlarm(),
        new GuardDutyEnabled(),
        new OrganizationsScpRegionRestriction(),
        new OrganizationsScpInstanceTypeRestriction(),
        new AccessAnalyzerEnabled(),
        new IamUnusedCredentials(),
        new IamAccessKeyRotation(),
        new IamSingleActiveKey(),
        new Ec2InstanceProfile(),
        new TrustedAdvisorFlaggedChecks(),
    ];

    /// <summary>The check with this id, or null.</summary>
    public static ICheck? Find(string id) =>
        All.FirstOrDefault(c => string.Equals(c.Metadata.Id, id, StringComparison.OrdinalIgnoreCase));
}
