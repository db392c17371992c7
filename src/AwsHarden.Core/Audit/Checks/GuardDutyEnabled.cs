using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>GuardDuty has an enabled detector in every audited region.</summary>
public sealed class GuardDutyEnabled : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "guardduty.enabled",
        Title = "GuardDuty is enabled in every region",
        Severity = Severity.High,
        Section = ChecklistSection.Additional,
        Rationale = "GuardDuty spots stolen credentials used from unusual places, crypto-mining and reconnaissance; "
            + "attackers favour regions nobody watches, so every region needs a detector.",
        Remediation = "Enable GuardDuty in each region (or from the organization's delegated administrator for "
            + "all accounts and regions).",
        RemediationUrl = "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
        SecurityHub = ["GuardDuty.1"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
        RegionalResults.ForEachRegion(Metadata, snapshot, snapshot.GuardDuty, "guardduty:ListDetectors", Judge);

    private Finding Judge(string region, IReadOnlyList<GuardDutyDetector> detectors)
    {
        var enabled = detectors.FirstOrDefault(d =>
            string.Equals(d.Status, "ENABLED", StringComparison.OrdinalIgnoreCase));
        if (enabled is not null)
            return Metadata.Pass(region, $"Detector {enabled.DetectorId} is enabled.", region);

        return detectors.Count == 0
            ? Metadata.Fail(region, "GuardDuty has no detector in this region.", region)
            : Metadata.Fail(region, "The GuardDuty detector in this region is suspended.", region);
    }
}
