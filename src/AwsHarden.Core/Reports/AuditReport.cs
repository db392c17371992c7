using AwsHarden.Audit;
using AwsHarden.Model;

namespace AwsHarden.Reports;

/// <summary>The audit as a document: what was audited, each finding with its check's metadata, and what
/// could not be read. The JSON writer and the table renderer both read it.</summary>
public sealed record AuditReport
{
    public string Tool { get; init; } = "awsharden";
    public required string Version { get; init; }
    public required string AccountId { get; init; }
    public required string Partition { get; init; }
    public required DateTimeOffset CollectedAt { get; init; }
    public required IReadOnlyList<string> Regions { get; init; }
    public required Severity FailOn { get; init; }
    public required ReportSummary Summary { get; init; }
    public required IReadOnlyList<ReportFinding> Findings { get; init; }
    public required IReadOnlyList<CallError> Failures { get; init; }

    /// <summary>Builds the report from a snapshot and its findings; <paramref name="failOn"/> decides
    /// <see cref="ReportSummary.FailsThreshold"/>.</summary>
    public static AuditReport Build(
        AccountSnapshot snapshot, IReadOnlyList<Finding> findings, IReadOnlyList<CheckMetadata> catalog,
        Severity failOn, string version)
    {
        var byId = catalog.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var rows = findings.Select(f => ReportFinding.From(f, byId.GetValueOrDefault(f.CheckId))).ToList();

        return new AuditReport
        {
            Version = version,
            AccountId = snapshot.AccountId,
            Partition = snapshot.Partition,
            CollectedAt = snapshot.CollectedAt,
            Regions = snapshot.Regions,
            FailOn = failOn,
            Summary = ReportSummary.Of(findings, failOn),
            Findings = rows,
            Failures = snapshot.Failures,
        };
    }
}

/// <summary>One finding, with what a reader needs to act on it.</summary>
public sealed record ReportFinding
{
    public required string CheckId { get; init; }
    public required string Title { get; init; }
    public required Status Status { get; init; }
    public required Severity Severity { get; init; }
    public required string Resource { get; init; }
    public string? Region { get; init; }
    public required string Message { get; init; }
    public string? Remediation { get; init; }
    public string? RemediationUrl { get; init; }
    public string? SuppressedBecause { get; init; }

    internal static ReportFinding From(Finding f, CheckMetadata? meta) => new()
    {
        CheckId = f.CheckId,
        Title = meta?.Title ?? f.CheckId,
        Status = f.Status,
        Severity = f.Severity,
        Resource = f.Resource,
        Region = f.Region,
        Message = f.Message,
        Remediation = f.Status == Status.Pass ? null : meta?.Remediation,
        RemediationUrl = f.Status == Status.Pass ? null : meta?.RemediationUrl,
        SuppressedBecause = f.SuppressedBecause,
    };
}

/// <summary>Counts per status and whether a failure reaches the <c>--fail-on</c> threshold. A check that could not
/// be evaluated (Unknown) counts like a failure: an account nobody could read must not look clean to CI.</summary>
public sealed record ReportSummary(
    int Pass, int Fail, int Unknown, int Manual, int NotApplicable, int Suppressed, bool FailsThreshold)
{
    public static ReportSummary Of(IReadOnlyList<Finding> findings, Severity failOn)
    {
        var active = findings.Where(f => f.SuppressedBecause is null).ToList();
        int Count(Status s) => active.Count(f => f.Status == s);

        return new ReportSummary(
            Count(Status.Pass), Count(Status.Fail), Count(Status.Unknown), Count(Status.Manual),
            Count(Status.NotApplicable), findings.Count - active.Count,
            active.Any(f => f.Status is Status.Fail or Status.Unknown && f.Severity >= failOn));
    }
}
