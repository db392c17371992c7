using AwsHarden.Model;

namespace AwsHarden.Audit.Checks;

/// <summary>An active external access analyzer (ACCOUNT or ORGANIZATION) exists in every audited region.</summary>
public sealed class AccessAnalyzerEnabled : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "accessanalyzer.enabled",
        Title = "IAM Access Analyzer watches for external access in every region",
        Severity = Severity.Medium,
        Section = ChecklistSection.Compromised,
        Rationale = "After an intrusion, resources shared with outside accounts (buckets, roles, keys) are the "
            + "backdoors left behind; the analyzer lists them for free.",
        Remediation = "Create an analyzer with the account (or organization) as zone of trust in each region.",
        RemediationUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
            + "access-analyzer-getting-started.html",
        Cis30 = ["1.20"],
        Cis50 = ["1.19"],
        SecurityHub = ["IAM.28"],
    };

    public IEnumerable<Finding> Evaluate(AccountSnapshot snapshot, AuditConfig config) =>
        RegionalResults.ForEachRegion(
            Metadata, snapshot, snapshot.AccessAnalyzers, "access-analyzer:ListAnalyzers", Judge);

    private Finding Judge(string region, IReadOnlyList<AccessAnalyzer> analyzers)
    {
        var external = analyzers.Where(a => a.Type is "ACCOUNT" or "ORGANIZATION").ToList();
        var active = external.FirstOrDefault(a => a.Status == "ACTIVE");
        if (active is not null)
            return Metadata.Pass(region, $"Analyzer {active.Name} ({active.Type}) is active.", region);

        return external.Count == 0
            ? Metadata.Fail(region, "No external access analyzer exists in this region.", region)
            : Metadata.Fail(region, $"Analyzer {external[0].Name} is {external[0].Status}, not ACTIVE.", region);
    }
}
