namespace AwsHarden.Model;

public enum Severity { Info, Low, Medium, High, Critical }

/// <summary>Pass and Fail are measured; Unknown means the data could not be read; Manual means no API can
/// tell.</summary>
public enum Status { Pass, Fail, Unknown, Manual, NotApplicable }

/// <summary>The sections of the hardening checklist a check belongs to.</summary>
public enum ChecklistSection { Initial, Additional, Compromised, Periodic }

/// <summary>What a check is, apart from any account: shown in reports and in docs/checks.md.</summary>
public sealed record CheckMetadata
{
    /// <summary>Stable id such as <c>iam.root-mfa</c>; never reused for another meaning.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Severity Severity { get; init; }
    public required ChecklistSection Section { get; init; }
    public required string Rationale { get; init; }
    public required string Remediation { get; init; }
    /// <summary>A console or documentation link for the remediation.</summary>
    public required string RemediationUrl { get; init; }
    public IReadOnlyList<string> Cis30 { get; init; } = [];
    public IReadOnlyList<string> Cis50 { get; init; } = [];
    public IReadOnlyList<string> SecurityHub { get; init; } = [];
}

/// <summary>One result of one check, for one resource in one region (or the account).</summary>
public sealed record Finding
{
    public required string CheckId { get; init; }
    public required Status Status { get; init; }
    public required Severity Severity { get; init; }
    /// <summary>The resource the result is about: an ARN, a user name, a region or the account id.</summary>
    public required string Resource { get; init; }
    public string? Region { get; init; }
    /// <summary>What was seen, or for Unknown the failed call (<c>AccessDenied on iam:…</c>).</summary>
    public required string Message { get; init; }
    /// <summary>Set when a suppression in config turned this result aside; the reason is kept.</summary>
    public string? SuppressedBecause { get; init; }
}
