using System.Text.Json.Nodes;

namespace AwsHarden.FakeAws.State;

/// <param name="OptInStatus">opt-in-not-required, opted-in or not-opted-in (disabled).</param>
public sealed record FakeRegion(string Name, string OptInStatus = "opt-in-not-required")
{
    public bool IsEnabled => OptInStatus != "not-opted-in";
}

/// <summary>A CloudTrail trail. Multi-region trails appear in other regions as shadow trails.</summary>
public sealed class FakeTrail
{
    public required string Name { get; init; }
    public required string HomeRegion { get; init; }
    public required string S3BucketName { get; set; }
    public string? S3KeyPrefix { get; set; }
    public bool IsMultiRegion { get; set; }
    public bool IncludeGlobalServiceEvents { get; set; } = true;
    public bool LogFileValidationEnabled { get; set; }
    public bool IsOrganizationTrail { get; set; }
    public string? KmsKeyId { get; set; }
    public bool IsLogging { get; set; } = true;
    public DateTimeOffset? StartLoggingTime { get; set; }
    /// <summary>Basic selectors; CloudTrail's default is one All selector with management events.</summary>
    public List<FakeEventSelector> EventSelectors { get; set; } = [new("All", true)];
    /// <summary>Advanced selectors exactly as PutEventSelectors sent them; null when basic ones are used.</summary>
    public JsonArray? AdvancedEventSelectors { get; set; }
    public bool HasCustomEventSelectors { get; set; }
    /// <summary>ApiCallRateInsight and/or ApiErrorRateInsight.</summary>
    public List<string> InsightTypes { get; set; } = [];

    public string Arn(FakeAccount account) =>
        $"arn:{account.Partition}:cloudtrail:{HomeRegion}:{account.AccountId}:trail/{Name}";

    /// <summary>Advanced selectors logging management write events only, as the checklist's trail has.</summary>
    public static JsonArray ManagementWriteSelectors() =>
    [
        new JsonObject
        {
            ["Name"] = "Management write events",
            ["FieldSelectors"] = new JsonArray
            {
                new JsonObject { ["Field"] = "eventCategory", ["Equals"] = new JsonArray("Management") },
                new JsonObject { ["Field"] = "readOnly", ["Equals"] = new JsonArray("false") },
            },
        },
    ];
}

/// <summary>An S3 bucket and its objects, for bucket scans and trail-log reads.</summary>
public sealed class FakeBucket
{
    public required string Name { get; init; }
    public string Region { get; init; } = "us-east-1";
    public required DateTimeOffset CreationDate { get; init; }
    /// <summary>True when a bucket policy makes it public (anonymous reads succeed); false means no policy.</summary>
    public bool IsPublic { get; set; }
    public SortedDictionary<string, FakeS3Object> Objects { get; } = new(StringComparer.Ordinal);
    /// <summary>The four public access block settings as PutPublicAccessBlock set them; null when none.</summary>
    public bool[]? PublicAccessBlock { get; set; }
    /// <summary>The default encryption's SSEAlgorithm (AES256 or aws:kms); null when none was put.</summary>
    public string? SseAlgorithm { get; set; }
    /// <summary>The bucket policy exactly as put; null when there is none.</summary>
    public string? Policy { get; set; }
}

/// <summary>An SNS topic and its subscriptions (e-mail ones stay pending until confirmed).</summary>
public sealed class FakeTopic
{
    public required string Region { get; init; }
    public required string Name { get; init; }
    public List<FakeSubscription> Subscriptions { get; } = [];

    public string Arn(FakeAccount account) => $"arn:{account.Partition}:sns:{Region}:{account.AccountId}:{Name}";
}

/// <param name="SubscriptionArn">The ARN, or <c>PendingConfirmation</c> until the endpoint confirms.</param>
public sealed record FakeSubscription(string Protocol, string Endpoint, string SubscriptionArn);

public sealed record FakeS3Object(byte[] Content, DateTimeOffset LastModified);

/// <summary>One CloudTrail record as LookupEvents serves it from the region's 90-day event history.</summary>
/// <param name="Record">The record's JSON text (eventTime, eventName, userIdentity…), returned verbatim.</param>
public sealed record FakeCloudTrailEvent(string Region, string Record);

public sealed record FakeEventSelector(string ReadWriteType, bool IncludeManagementEvents);

public sealed record FakeAnomalyMonitor(string MonitorArn, string MonitorName, string MonitorType = "DIMENSIONAL",
    string? MonitorDimension = "SERVICE", string CreationDate = "2024-01-15");

public sealed record FakeAnomalySubscriber(string Address, string Type = "EMAIL", string Status = "CONFIRMED");

public sealed record FakeAnomalySubscription(
    string SubscriptionArn,
    string SubscriptionName,
    IReadOnlyList<string> MonitorArnList,
    IReadOnlyList<FakeAnomalySubscriber> Subscribers,
    double Threshold = 100,
    string Frequency = "DAILY");

public sealed record FakeSsoInstance(string InstanceArn, string IdentityStoreId, string Region = "us-east-1");

/// <param name="AlternateContactType">BILLING, OPERATIONS or SECURITY.</param>
public sealed record FakeAlternateContact(
    string AlternateContactType,
    string Name,
    string Title,
    string EmailAddress,
    string PhoneNumber);

public sealed record FakeDimension(string Name, string Value);

/// <summary>A CloudWatch metric alarm in one region.</summary>
public sealed record FakeAlarm
{
    public required string Region { get; init; }
    public required string AlarmName { get; init; }
    public string? AlarmDescription { get; init; }
    public required string Namespace { get; init; }
    public required string MetricName { get; init; }
    public IReadOnlyList<FakeDimension> Dimensions { get; init; } = [];
    public string Statistic { get; init; } = "Maximum";
    public int Period { get; init; } = 21600;
    public int EvaluationPeriods { get; init; } = 1;
    public double Threshold { get; init; }
    public string ComparisonOperator { get; init; } = "GreaterThanThreshold";
    public bool ActionsEnabled { get; init; } = true;
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
    public string StateValue { get; init; } = "OK";
}

public sealed class FakeDetector
{
    public required string Region { get; init; }
    public required string DetectorId { get; init; }
    /// <summary>ENABLED or DISABLED.</summary>
    public string Status { get; set; } = "ENABLED";
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string FindingPublishingFrequency { get; set; } = "SIX_HOURS";
}

public sealed class FakeAnalyzer
{
    public required string Region { get; init; }
    public required string Name { get; init; }
    /// <summary>ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS or ORGANIZATION_UNUSED_ACCESS.</summary>
    public string Type { get; init; } = "ACCOUNT";
    public string Status { get; set; } = "ACTIVE";
    public required DateTimeOffset CreatedAt { get; init; }

    public string Arn(FakeAccount account) =>
        $"arn:{account.Partition}:access-analyzer:{Region}:{account.AccountId}:analyzer/{Name}";

    /// <summary>The analyzer's findings, ACTIVE, ARCHIVED or RESOLVED.</summary>
    public List<FakeAccessFinding> Findings { get; } = [];
}

/// <summary>An Access Analyzer finding; <c>Principal</c> as AWS sends it, e.g. <c>AWS</c> → <c>*</c>.</summary>
public sealed record FakeAccessFinding(string Id, string Resource, string ResourceType,
    IReadOnlyDictionary<string, string> Principal, DateTimeOffset CreatedAt, string Status = "ACTIVE",
    bool IsPublic = false);

/// <summary>One day's unblended cost of one service in one region, as Cost Explorer's GetCostAndUsage groups it.
/// </summary>
public sealed record FakeDailyCost(DateOnly Day, string Service, string Region, decimal Amount);

public sealed class FakeInstance
{
    public required string Region { get; init; }
    public required string InstanceId { get; init; }
    public string InstanceType { get; set; } = "t3.micro";
    /// <summary>pending, running, stopping, stopped, shutting-down or terminated.</summary>
    public string State { get; set; } = "running";
    public required DateTimeOffset LaunchTime { get; init; }
    public string ImageId { get; init; } = "ami-0abcdef1234567890";
    /// <summary>The instance profile's name; null when the instance has none.</summary>
    public string? InstanceProfileName { get; set; }

    public int StateCode => State switch
    {
        "pending" => 0,
        "running" => 16,
        "shutting-down" => 32,
        "terminated" => 48,
        "stopping" => 64,
        _ => 80,
    };
}

/// <summary>The organization the account belongs to, as its management account sees it.</summary>
public sealed class FakeOrganization
{
    public required string Id { get; init; }
    public required string ManagementAccountId { get; init; }
    public string ManagementAccountEmail { get; init; } = "aws-management@example.com";
    public string FeatureSet { get; init; } = "ALL";
    public required string RootId { get; init; }
    public bool ScpEnabled { get; set; }
    /// <summary>A member account registered as delegated administrator for Organizations policies may read
    /// them (ListRoots, ListPoliciesForTarget, DescribePolicy), as in AWS.</summary>
    public bool MemberIsDelegatedAdministrator { get; set; }
    public List<FakeOrganizationalUnit> OrganizationalUnits { get; } = [];
    /// <summary>Account id (or OU id) to the id of its parent (root or OU).</summary>
    public Dictionary<string, string> Parents { get; } = [];
    public List<FakeScp> Policies { get; } = [];
    /// <summary>Target id (root, OU or account) to the ids of the policies attached to it.</summary>
    public Dictionary<string, List<string>> Attachments { get; } = [];

    public string Arn => $"arn:aws:organizations::{ManagementAccountId}:organization/{Id}";

    public string PolicyArn(FakeScp policy) => policy.AwsManaged
        ? $"arn:aws:organizations::aws:policy/service_control_policy/{policy.Id}"
        : $"arn:aws:organizations::{ManagementAccountId}:policy/{Id}/service_control_policy/{policy.Id}";

    public void Attach(string policyId, string targetId)
    {
        if (!Attachments.TryGetValue(targetId, out var ids))
        {
            Attachments[targetId] = ids = [];
        }

        if (!ids.Contains(policyId))
        {
            ids.Add(policyId);
        }
    }
}

public sealed record FakeOrganizationalUnit(string Id, string Name);

public sealed record FakeScp(string Id, string Name, string Content, string Description = "", bool AwsManaged = false)
{
    public const string FullAwsAccessId = "p-FullAWSAccess";

    public static FakeScp FullAwsAccess { get; } = new(FullAwsAccessId, "FullAWSAccess",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""",
        "Allows access to every operation", AwsManaged: true);
}

/// <summary>The Support plan and Trusted Advisor checks; the API needs Business support or higher.</summary>
public sealed class FakeSupport
{
    public bool HasBusinessSupport { get; set; }
    public List<FakeTrustedAdvisorCheck> Checks { get; } = [];
}

/// <param name="Status">ok, warning, error or not_available.</param>
public sealed record FakeTrustedAdvisorCheck(
    string Id,
    string Name,
    string Category,
    string Status = "ok",
    long ResourcesProcessed = 10,
    long ResourcesFlagged = 0,
    string Description = "");
