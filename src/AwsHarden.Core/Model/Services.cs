namespace AwsHarden.Model;

/// <summary>A CloudTrail trail with its status, event selectors and Insights selectors.</summary>
public sealed record Trail
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string HomeRegion { get; init; }
    public bool IsMultiRegion { get; init; }
    public bool IsOrganizationTrail { get; init; }
    public bool LogFileValidationEnabled { get; init; }
    public string? S3BucketName { get; init; }
    /// <summary>GetTrailStatus's IsLogging; null when it could not be read (see <see cref="StatusError"/>).</summary>
    public bool? IsLogging { get; init; }
    public CallError? StatusError { get; init; }
    /// <summary>Basic event selectors; empty when the trail uses advanced ones.</summary>
    public IReadOnlyList<EventSelector> EventSelectors { get; init; } = [];
    public IReadOnlyList<AdvancedEventSelector> AdvancedEventSelectors { get; init; } = [];
    public CallError? SelectorsError { get; init; }
    /// <summary>Insight types enabled: <c>ApiCallRateInsight</c>, <c>ApiErrorRateInsight</c>.</summary>
    public IReadOnlyList<string> InsightTypes { get; init; } = [];
    public CallError? InsightsError { get; init; }
}

/// <param name="ReadWriteType">ReadOnly, WriteOnly or All.</param>
public sealed record EventSelector(string ReadWriteType, bool IncludeManagementEvents);

public sealed record AdvancedEventSelector(string? Name, IReadOnlyList<AdvancedFieldSelector> FieldSelectors);

public sealed record AdvancedFieldSelector
{
    public required string Field { get; init; }
    public IReadOnlyList<string> EqualsTo { get; init; } = [];
    public IReadOnlyList<string> NotEquals { get; init; } = [];
    public IReadOnlyList<string> StartsWith { get; init; } = [];
    public IReadOnlyList<string> NotStartsWith { get; init; } = [];
    public IReadOnlyList<string> EndsWith { get; init; } = [];
    public IReadOnlyList<string> NotEndsWith { get; init; } = [];
}

public sealed record CostAnomalyData(
    IReadOnlyList<AnomalyMonitor> Monitors, IReadOnlyList<AnomalySubscription> Subscriptions);

public sealed record AnomalyMonitor(string Arn, string Name, string? Type);

public sealed record AnomalySubscription(
    string Arn, string Name, IReadOnlyList<string> MonitorArns, int SubscriberCount);

/// <summary>IAM Identity Center instances (sso-admin ListInstances).</summary>
public sealed record IdentityCenterData(IReadOnlyList<string> InstanceArns);

/// <param name="Type">BILLING, OPERATIONS or SECURITY.</param>
/// <param name="IsSet">False when GetAlternateContact answered ResourceNotFoundException.</param>
public sealed record AlternateContact(string Type, bool IsSet, string? Name = null, string? EmailAddress = null);

/// <summary>A CloudWatch alarm in us-east-1 on AWS/Billing EstimatedCharges.</summary>
public sealed record MetricAlarm
{
    public required string Name { get; init; }
    public string? Namespace { get; init; }
    public string? MetricName { get; init; }
    public double? Threshold { get; init; }
    public bool ActionsEnabled { get; init; }
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
}

public sealed record GuardDutyDetector(string DetectorId, string Status);

/// <param name="Type">ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS…</param>
public sealed record AccessAnalyzer(string Name, string Arn, string Type, string Status);

public sealed record Ec2Instance
{
    public required string InstanceId { get; init; }
    public string? State { get; init; }
    public string? InstanceType { get; init; }
    public string? IamInstanceProfileArn { get; init; }
    public DateTimeOffset? LaunchTime { get; init; }
}

/// <summary>The organization as seen from this account, and the SCPs that apply to it.</summary>
public sealed record OrganizationData
{
    /// <summary>False when the account is in no organization (AWSOrganizationsNotInUseException).</summary>
    public bool InOrganization { get; init; }
    public string? OrganizationId { get; init; }
    public string? ManagementAccountId { get; init; }
    public string? FeatureSet { get; init; }
    /// <summary>Whether the SERVICE_CONTROL_POLICY type is enabled on the root; null when not readable.</summary>
    public bool? ScpEnabled { get; init; }
    /// <summary>SCPs attached to the account, its OUs and the root, with their documents.</summary>
    public IReadOnlyList<ServiceControlPolicy> Policies { get; init; } = [];
    /// <summary>Set when the organization could be described but its policies could not be read.</summary>
    public CallError? PoliciesError { get; init; }
}

/// <param name="Target">Where it is attached: the account id, an OU id or the root id.</param>
public sealed record ServiceControlPolicy(string Id, string Name, string Target, string Content, bool AwsManaged);

/// <summary>Trusted Advisor: check summaries, or the reason there are none (no Business support plan).</summary>
public sealed record TrustedAdvisorData
{
    /// <summary>False when the Support API answered SubscriptionRequiredException.</summary>
    public bool Available { get; init; }
    public IReadOnlyList<TrustedAdvisorCheck> Checks { get; init; } = [];
}

/// <param name="Status">ok, warning, error or not_available.</param>
public sealed record TrustedAdvisorCheck(string Id, string Name, string Category, string Status, long FlaggedResources);
