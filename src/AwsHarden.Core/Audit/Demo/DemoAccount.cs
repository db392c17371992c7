using AwsHarden.Model;

namespace AwsHarden.Audit.Demo;

/// <summary>
/// Made-up snapshots of a small startup's account (111122223333), for demos and tests: one misconfigured the way
/// real young accounts are, one where every check passes. Dates are relative to the given clock.
/// </summary>
public static class DemoAccount
{
    public const string AccountId = "111122223333";
    public const string HomeRegion = "us-east-1";

    public static IReadOnlyList<string> Regions { get; } =
        ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

    /// <summary>The misconfigured account: most checks fail, one call was denied, no Trusted Advisor.</summary>
    public static AccountSnapshot Snapshot(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var denied = new CallError("ce:GetAnomalyMonitors", "AccessDeniedException",
            $"User: {Arn("user/auditor")} is not authorized to perform: ce:GetAnomalyMonitors");

        return new AccountSnapshot
        {
            CollectedAt = now,
            AccountId = AccountId,
            CallerArn = Arn("user/auditor"),
            HomeRegion = HomeRegion,
            Regions = Regions,
            Iam = DemoIam.Misconfigured(now),
            Trails = Collected<IReadOnlyList<Trail>>.Of([SingleRegionTrail()]),
            CostAnomaly = Collected<CostAnomalyData>.Failed(denied),
            IdentityCenter = Collected<IdentityCenterData>.Of(new IdentityCenterData([])),
            AlternateContacts = Collected<IReadOnlyList<AlternateContact>>.Of(
            [
                new AlternateContact("BILLING", true, "Finance", "finance@example.com"),
                new AlternateContact("OPERATIONS", true, "Ops on call", "ops@example.com"),
                new AlternateContact("SECURITY", false),
            ]),
            BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Of([]),
            Organization = Collected<OrganizationData>.Of(new OrganizationData { InOrganization = false }),
            TrustedAdvisor = Collected<TrustedAdvisorData>.Of(new TrustedAdvisorData { Available = false }),
            GuardDuty = PerRegion(r => r == HomeRegion
                ? [new GuardDutyDetector("12abc34d567e8fa901bc2d34eexample", "ENABLED")]
                : (IReadOnlyList<GuardDutyDetector>)[]),
            AccessAnalyzers = PerRegion(_ => (IReadOnlyList<AccessAnalyzer>)[]),
            Instances = PerRegion(r => r == HomeRegion ? MisconfiguredInstances(now) : []),
            Failures = [denied],
        };
    }

    /// <summary>The same company after hardening: every check passes.</summary>
    public static AccountSnapshot Healthy(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();

        return new AccountSnapshot
        {
            CollectedAt = now,
            AccountId = AccountId,
            CallerArn = Arn("role/awsharden-audit"),
            HomeRegion = HomeRegion,
            Regions = Regions,
            Iam = DemoIam.Healthy(now),
            Trails = Collected<IReadOnlyList<Trail>>.Of([HardenedTrail()]),
            CostAnomaly = Collected<CostAnomalyData>.Of(CostMonitoring()),
            IdentityCenter = Collected<IdentityCenterData>.Of(
                new IdentityCenterData(["arn:aws:sso:::instance/ssoins-1111222233334444"])),
            AlternateContacts = Collected<IReadOnlyList<AlternateContact>>.Of(
            [
                new AlternateContact("BILLING", true, "Finance", "finance@example.com"),
                new AlternateContact("OPERATIONS", true, "Ops on call", "ops@example.com"),
                new AlternateContact("SECURITY", true, "Security", "security@example.com"),
            ]),
            BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Of([BillingAlarm()]),
            Organization = Collected<OrganizationData>.Of(DemoOrganization.MemberWithGuardrails(AccountId)),
            TrustedAdvisor = Collected<TrustedAdvisorData>.Of(TrustedAdvisorAllOk()),
            GuardDuty = PerRegion(r => (IReadOnlyList<GuardDutyDetector>)
                [new GuardDutyDetector($"d{r.Replace("-", "", StringComparison.Ordinal)}example", "ENABLED")]),
            AccessAnalyzers = PerRegion(r => (IReadOnlyList<AccessAnalyzer>)
                [new AccessAnalyzer("account-analyzer", Arn("analyzer/account-analyzer", "access-analyzer", r),
                    "ACCOUNT", "ACTIVE")]),
            Instances = PerRegion(r => r == HomeRegion ? HealthyInstances(now) : []),
        };
    }

    internal static string Arn(string resource, string service = "iam", string region = "") =>
        $"arn:aws:{service}:{region}:{AccountId}:{resource}";

    private static Dictionary<string, Collected<T>> PerRegion<T>(Func<string, T> value) where T : class =>
        Regions.ToDictionary(r => r, r => Collected<T>.Of(value(r)));

    private static Trail SingleRegionTrail() => new()
    {
        Name = "management-events",
        Arn = Arn("trail/management-events", "cloudtrail", HomeRegion),
        HomeRegion = HomeRegion,
        S3BucketName = "aws-cloudtrail-logs-111122223333-3f1a2b",
        IsLogging = true,
        EventSelectors = [new EventSelector("All", true)],
    };

    private static Trail HardenedTrail() => new()
    {
        Name = "org-write-events",
        Arn = Arn("trail/org-write-events", "cloudtrail", HomeRegion),
        HomeRegion = HomeRegion,
        IsMultiRegion = true,
        LogFileValidationEnabled = true,
        S3BucketName = "cloudtrail-111122223333",
        IsLogging = true,
        AdvancedEventSelectors =
        [
            new AdvancedEventSelector("Management write events",
            [
                new AdvancedFieldSelector { Field = "eventCategory", EqualsTo = ["Management"] },
                new AdvancedFieldSelector { Field = "readOnly", EqualsTo = ["false"] },
            ]),
        ],
        InsightTypes = ["ApiCallRateInsight", "ApiErrorRateInsight"],
    };

    private static CostAnomalyData CostMonitoring()
    {
        var monitor = new AnomalyMonitor(
            "arn:aws:ce::111122223333:anomalymonitor/0d1b2c3e-4f50-6172-8394-a5b6c7d8e9f0", "services", "DIMENSIONAL");
        var subscription = new AnomalySubscription(
            "arn:aws:ce::111122223333:anomalysubscription/9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0",
            "daily-to-founders", [monitor.Arn], 2);
        return new CostAnomalyData([monitor], [subscription]);
    }

    private static MetricAlarm BillingAlarm() => new()
    {
        Name = "estimated-charges-over-200-usd",
        Namespace = "AWS/Billing",
        MetricName = "EstimatedCharges",
        Threshold = 200,
        ActionsEnabled = true,
        AlarmActions = [Arn("billing-alerts", "sns", HomeRegion)],
    };

    private static TrustedAdvisorData TrustedAdvisorAllOk() => new()
    {
        Available = true,
        Checks =
        [
            new TrustedAdvisorCheck("HCP4007jGY", "Security Groups - Specific Ports Unrestricted", "security", "ok", 0),
            new TrustedAdvisorCheck("Pfx0RwqBli", "Amazon S3 Bucket Permissions", "security", "ok", 0),
            new TrustedAdvisorCheck("7DAFEmoDos", "MFA on Root Account", "security", "ok", 0),
        ],
    };

    private static IReadOnlyList<Ec2Instance> MisconfiguredInstances(DateTimeOffset now) =>
    [
        new Ec2Instance
        {
            InstanceId = "i-0a1b2c3d4e5f60718", State = "running", InstanceType = "t3.small",
            IamInstanceProfileArn = Arn("instance-profile/web-app"), LaunchTime = now.AddDays(-40),
        },
        new Ec2Instance
        {
            InstanceId = "i-0fedcba9876543210", State = "running", InstanceType = "t3.medium",
            LaunchTime = now.AddDays(-310),
        },
    ];

    private static IReadOnlyList<Ec2Instance> HealthyInstances(DateTimeOffset now) =>
    [
        new Ec2Instance
        {
            InstanceId = "i-0a1b2c3d4e5f60718", State = "running", InstanceType = "t3.small",
            IamInstanceProfileArn = Arn("instance-profile/web-app"), LaunchTime = now.AddDays(-40),
        },
    ];
}
