namespace AwsHarden.Model;

/// <summary>The <c>fix:</c> section of awsharden.yaml: where alerts go, thresholds and the values the fixes
/// write. The audit's password policy, regions and instance types are copied in by the loader.</summary>
public sealed record FixConfig
{
    /// <summary>Receives cost anomaly and billing alarm notices (SNS e-mail subscription).</summary>
    public string? AlertEmail { get; init; }
    /// <summary>An existing SNS topic for alerts; used instead of creating one when set.</summary>
    public string? SnsTopicArn { get; init; }
    /// <summary>Cost anomaly alerts fire above this total impact, in USD.</summary>
    public double AnomalyThresholdUsd { get; init; } = 20;
    /// <summary>The billing alarm fires when the month's EstimatedCharges exceed this, in USD.</summary>
    public double BillingAlarmUsd { get; init; } = 50;
    /// <summary>Record read and write management events; the checklist asks for writes only.</summary>
    public bool TrailReadWrite { get; init; }
    public string TrailName { get; init; } = "awsharden-trail";
    /// <summary>The log bucket; null gives <c>awsharden-cloudtrail-ACCOUNT</c>.</summary>
    public string? LogBucketName { get; init; }
    /// <summary>BILLING, OPERATIONS and SECURITY contacts to set, keyed by type.</summary>
    public IReadOnlyDictionary<string, ContactValues> AlternateContacts { get; init; } =
        new Dictionary<string, ContactValues>();
    /// <summary>Role ARN patterns exempted from every SCP, so a mistake can still be undone.</summary>
    public IReadOnlyList<string> ScpExemptPrincipals { get; init; } = [];
    /// <summary>Attach a policy that denies everything but MFA self-service to console users without MFA.</summary>
    public bool EnforceMfaPolicy { get; init; }

    public PasswordPolicyRequirements PasswordPolicy { get; init; } = new();
    public IReadOnlyList<string> AllowedRegions { get; init; } = [];
    public IReadOnlyList<string> AllowedInstanceTypes { get; init; } = [];
    public int UnusedCredentialDays { get; init; } = 45;

    public static FixConfig Default { get; } = new();
}

/// <summary>One alternate contact; PutAlternateContact needs all four values.</summary>
public sealed record ContactValues(string? Name, string? Title, string? EmailAddress, string? PhoneNumber)
{
    /// <summary>The YAML keys still missing, e.g. <c>phone</c>.</summary>
    public IReadOnlyList<string> MissingKeys() =>
        new[] { ("name", Name), ("title", Title), ("email", EmailAddress), ("phone", PhoneNumber) }
            .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
}
