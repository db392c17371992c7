namespace AwsHarden.Model;

/// <summary>
/// Everything the audit knows about one account, read once by the collector. Checks are pure functions of
/// it. Serialised as a versioned JSON document; it never holds a secret.
/// </summary>
public sealed record AccountSnapshot
{
    /// <summary>The snapshot format version this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public string Tool { get; init; } = "awsharden";
    public required DateTimeOffset CollectedAt { get; init; }
    public required string AccountId { get; init; }
    public string Partition { get; init; } = "aws";
    public string? CallerArn { get; init; }
    /// <summary>The region used for global calls (IAM, Organizations, Account…).</summary>
    public required string HomeRegion { get; init; }
    /// <summary>The regions audited: every region enabled for the account unless narrowed.</summary>
    public required IReadOnlyList<string> Regions { get; init; }

    public required IamData Iam { get; init; }
    public required Collected<IReadOnlyList<Trail>> Trails { get; init; }
    public required Collected<CostAnomalyData> CostAnomaly { get; init; }
    public required Collected<IdentityCenterData> IdentityCenter { get; init; }
    public required Collected<IReadOnlyList<AlternateContact>> AlternateContacts { get; init; }
    public required Collected<IReadOnlyList<MetricAlarm>> BillingAlarms { get; init; }
    public required Collected<OrganizationData> Organization { get; init; }
    public required Collected<TrustedAdvisorData> TrustedAdvisor { get; init; }

    /// <summary>Per region: GuardDuty detectors.</summary>
    public required IReadOnlyDictionary<string, Collected<IReadOnlyList<GuardDutyDetector>>> GuardDuty { get; init; }
    /// <summary>Per region: IAM Access Analyzer analyzers.</summary>
    public required IReadOnlyDictionary<string, Collected<IReadOnlyList<AccessAnalyzer>>> AccessAnalyzers { get; init; }
    /// <summary>Per region: EC2 instances that are not terminated.</summary>
    public required IReadOnlyDictionary<string, Collected<IReadOnlyList<Ec2Instance>>> Instances { get; init; }

    /// <summary>Set when the enabled regions could not be listed and none were named: <see cref="Regions"/>
    /// then holds only the home region, and every per-region check is incomplete.</summary>
    public CallError? RegionsError { get; init; }

    /// <summary>Every call that failed, for the report's "what could not be read" section.</summary>
    public IReadOnlyList<CallError> Failures { get; init; } = [];
}
