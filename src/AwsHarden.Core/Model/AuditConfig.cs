namespace AwsHarden.Model;

/// <summary>The user's settings (awsharden.yaml). Every value has a default that follows the checklist.</summary>
public sealed record AuditConfig
{
    public PasswordPolicyRequirements PasswordPolicy { get; init; } = new();
    /// <summary>Days without use after which a password or key counts as stale.</summary>
    public int UnusedCredentialDays { get; init; } = 45;
    /// <summary>Age in days after which an active access key should have been rotated.</summary>
    public int KeyRotationDays { get; init; } = 90;
    /// <summary>User names (case-insensitive, substrings) that suggest a login shared by several people.</summary>
    public IReadOnlyList<string> SharedLoginNames { get; init; } =
        ["admin", "root", "shared", "team", "dev", "ops", "test", "deploy", "service", "generic", "common"];
    /// <summary>Regions the account may use, for the SCP templates of the fix flow.</summary>
    public IReadOnlyList<string> AllowedRegions { get; init; } = [];
    public IReadOnlyList<string> AllowedInstanceTypes { get; init; } = [];
    /// <summary>Check id to severity, replacing the check's own.</summary>
    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>();
    public IReadOnlyList<Suppression> Suppressions { get; init; } = [];
    /// <summary>The fix flow's settings (the <c>fix:</c> section).</summary>
    public FixConfig Fix { get; init; } = new();

    public static AuditConfig Default { get; } = new();
}

public sealed record PasswordPolicyRequirements
{
    public int MinimumLength { get; init; } = 14;
    public int ReusePrevention { get; init; } = 24;
    public bool RequireSymbols { get; init; } = true;
    public bool RequireNumbers { get; init; } = true;
    public bool RequireUppercase { get; init; } = true;
    public bool RequireLowercase { get; init; } = true;
}

/// <summary>Sets a check's results aside for a resource (or all, with "*"), for a reason, until a date.</summary>
public sealed record Suppression(string CheckId, string Resource, string Reason, DateOnly? Expires);
