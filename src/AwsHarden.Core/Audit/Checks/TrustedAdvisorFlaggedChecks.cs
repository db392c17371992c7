using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>No Trusted Advisor check is in warning or error state.</summary>
public sealed class TrustedAdvisorFlaggedChecks : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "trustedadvisor.flagged-checks",
        Title = "Trusted Advisor raises no warnings",
        Severity = Severity.Low,
        Section = ChecklistSection.Periodic,
        Rationale = "Trusted Advisor covers points this audit does not (open security groups, public snapshots, "
            + "exposed keys reported by AWS); its red flags deserve a look.",
        Remediation = "Open Trusted Advisor, review each check in warning or error state and fix or exclude the "
            + "flagged resources.",
        RemediationUrl = "https://console.aws.amazon.com/trustedadvisor/home",
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config)
    {
        var account = snapshot.AccountId;
        var data = snapshot.TrustedAdvisor;
        if (!data.Ok)
            return [Metadata.Unknown(account, SnapshotData.ErrorOf(data, "support:DescribeTrustedAdvisorChecks"))];
        if (!data.Value!.Available)
            return [Metadata.Manual(account, "The Trusted Advisor API needs a Business or higher support plan; "
                + "review the checks in the Trusted Advisor console.")];

        var flagged = data.Value.Checks.Where(c => c.Status is "warning" or "error").ToList();
        if (flagged.Count == 0)
            return [Metadata.Pass(account, $"None of {data.Value.Checks.Count} Trusted Advisor checks is flagged.")];

        return flagged.Select(c => Metadata.Fail(c.Id,
            $"{c.Name} ({c.Category}) is in {c.Status} state with {c.FlaggedResources} flagged resource(s)."));
    }
}
