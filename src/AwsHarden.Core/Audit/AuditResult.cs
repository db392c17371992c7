using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>The findings of one audit run and their summary.</summary>
public sealed record AuditResult(IReadOnlyList<Finding> Findings, AuditSummary Summary);

/// <summary>Counts per status over the findings that are not suppressed, and the worst failing severity.</summary>
/// <param name="HighestFailingSeverity">The highest severity among unsuppressed Fail findings; null when none
/// failed.</param>
/// <param name="Suppressed">How many findings a suppression set aside (they are not in the counts).</param>
public sealed record AuditSummary(
    IReadOnlyDictionary<Status, int> Counts, Severity? HighestFailingSeverity, int Suppressed)
{
    public int Count(Status status) => Counts.GetValueOrDefault(status);

    public static AuditSummary Of(IReadOnlyList<Finding> findings)
    {
        var active = findings.Where(f => f.SuppressedBecause is null).ToList();
        var counts = Enum.GetValues<Status>().ToDictionary(s => s, s => active.Count(f => f.Status == s));
        var failing = active.Where(f => f.Status == Status.Fail).Select(f => (Severity?)f.Severity).Max();

        return new AuditSummary(counts, failing, findings.Count - active.Count);
    }
}
