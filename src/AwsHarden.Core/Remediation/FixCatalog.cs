using AwsHarden.Remediation.Fixes;

namespace AwsHarden.Remediation;

/// <summary>Every fix the tool knows, in the order their steps appear within a phase.</summary>
public static class FixCatalog
{
    public static IReadOnlyList<IFix> All { get; } =
    [
        new CloudTrailFix(), new GuardDutyFix(), new AccessAnalyzerFix(), new CostAnomalyFix(),
        new BillingAlarmFix(), new PasswordPolicyFix(), new AlternateContactsFix(), new UnusedCredentialsFix(),
        new UserMfaFix(), new OrganizationScpFix(), new RootUserFix(),
    ];

    /// <summary>The check ids that have a fix (automatic or guided).</summary>
    public static IReadOnlySet<string> FixableCheckIds { get; } =
        All.SelectMany(f => f.CheckIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every IAM action a fix step (or a key rotation or offboarding) may need, sorted, for
    /// <c>iam-policy fix</c>.</summary>
    public static IReadOnlyList<string> DeclaredActions { get; } =
        All.SelectMany(f => f.DeclaredActions).Concat(CredentialPlans.DeclaredActions)
            .Concat(Incident.ContainmentPlanner.DeclaredActions)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToList();
}
