using AwsHarden.Model;

namespace AwsHarden.Tests.Remediation;

/// <summary>Hand-made snapshots and findings for the fix tests: one misconfigured account.</summary>
internal static class FixTestData
{
    public const string Account = "111122223333";
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static AccountSnapshot Snapshot(bool inOrganization = false) => new()
    {
        CollectedAt = Now,
        AccountId = Account,
        HomeRegion = "eu-west-1",
        Regions = ["eu-west-1", "us-east-1"],
        Iam = new IamData
        {
            CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Of([Alice]),
            Authorization = Collected<AuthorizationDetails>.Of(new AuthorizationDetails()),
            AccountSummary = Collected<IReadOnlyDictionary<string, long>>.Of(new Dictionary<string, long>()),
            VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Of([]),
            PasswordPolicy = Collected<PasswordPolicy>.Of(new PasswordPolicy
            {
                Exists = true, MinimumPasswordLength = 8, RequireNumbers = true, AllowUsersToChangePassword = true,
            }),
        },
        Trails = Collected<IReadOnlyList<Trail>>.Of([]),
        CostAnomaly = Collected<CostAnomalyData>.Of(new CostAnomalyData([], [])),
        IdentityCenter = Collected<IdentityCenterData>.Of(new IdentityCenterData([])),
        AlternateContacts = Collected<IReadOnlyList<AlternateContact>>.Of(
            [new("BILLING", false), new("OPERATIONS", false), new("SECURITY", true, "Sec", "sec@example.com")]),
        BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Of([]),
        Organization = Collected<OrganizationData>.Of(inOrganization
            ? new OrganizationData
            {
                InOrganization = true, OrganizationId = "o-a1b2c3d4e5", ManagementAccountId = Account,
                ScpEnabled = true,
                Policies = [new("p-FullAWSAccess", "FullAWSAccess", "r-ab12", "{}", true)],
            }
            : new OrganizationData { InOrganization = false }),
        TrustedAdvisor = Collected<TrustedAdvisorData>.Of(new TrustedAdvisorData()),
        GuardDuty = new Dictionary<string, Collected<IReadOnlyList<GuardDutyDetector>>>
        {
            ["eu-west-1"] = Collected<IReadOnlyList<GuardDutyDetector>>.Of([]),
            ["us-east-1"] = Collected<IReadOnlyList<GuardDutyDetector>>.Of([new("d-1", "DISABLED")]),
        },
        AccessAnalyzers = new Dictionary<string, Collected<IReadOnlyList<AccessAnalyzer>>>
        {
            ["eu-west-1"] = Collected<IReadOnlyList<AccessAnalyzer>>.Of([]),
            ["us-east-1"] = Collected<IReadOnlyList<AccessAnalyzer>>.Of([]),
        },
        Instances = new Dictionary<string, Collected<IReadOnlyList<Ec2Instance>>>(),
    };

    public static CredentialReportRow Alice { get; } = new()
    {
        User = "alice",
        Arn = $"arn:aws:iam::{Account}:user/alice",
        PasswordEnabled = true,
        AccessKey1Active = true,
        AccessKey1LastRotated = Now.AddDays(-400),
        AccessKey2Active = true,
        AccessKey2LastRotated = Now.AddDays(-10),
        AccessKey2LastUsed = Now.AddDays(-1),
    };

    /// <summary>The failing findings the audit gives for <see cref="Snapshot"/>.</summary>
    public static IReadOnlyList<Finding> Failing() =>
    [
        Fail("iam.password-policy", Account),
        Fail("cloudtrail.multi-region-logging", Account),
        Fail("cloudtrail.log-validation", Account),
        Fail("cloudtrail.insights", Account),
        Fail("guardduty.enabled", "eu-west-1", "eu-west-1"),
        Fail("guardduty.enabled", "us-east-1", "us-east-1"),
        Fail("accessanalyzer.enabled", "eu-west-1", "eu-west-1"),
        Fail("accessanalyzer.enabled", "us-east-1", "us-east-1"),
        Fail("ce.anomaly-detection", Account),
        Fail("cloudwatch.billing-alarm", Account),
        Fail("account.alternate-contacts", Account),
        Fail("iam.unused-credentials", Alice.Arn, message: "User alice: access key 1 never used in 400 days."),
        Fail("iam.user-console-mfa", Alice.Arn),
        Fail("iam.root-mfa", $"arn:aws:iam::{Account}:root"),
        Fail("organizations.scp-region-restriction", Account),
        Fail("organizations.scp-instance-type-restriction", Account),
    ];

    /// <summary>Every check passing: the same ids as <see cref="Failing"/>.</summary>
    public static IReadOnlyList<Finding> Passing() =>
        Failing().Select(f => f with { Status = Status.Pass }).ToList();

    public static FixConfig Config() => FixConfig.Default with
    {
        AlertEmail = "alerts@example.com",
        AllowedRegions = ["eu-west-1", "us-east-1"],
        AllowedInstanceTypes = ["t3.*"],
        AlternateContacts = new Dictionary<string, ContactValues>
        {
            ["BILLING"] = new("Bill Ing", "CFO", "billing@example.com", "+1-555-0100"),
            ["OPERATIONS"] = new("Op", null, "ops@example.com", null),
        },
    };

    private static Finding Fail(string checkId, string resource, string? region = null, string? message = null) =>
        new()
        {
            CheckId = checkId, Status = Status.Fail, Severity = Severity.High, Resource = resource, Region = region,
            Message = message ?? $"{checkId} fails.",
        };
}
