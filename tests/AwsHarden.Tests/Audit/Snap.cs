using AwsHarden.Audit;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit;

/// <summary>Hand-made snapshots for check tests: everything readable and empty, then changed per test.</summary>
internal static class Snap
{
    public const string Account = "123456789012";
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly string RootArn = $"arn:aws:iam::{Account}:root";

    public static AccountSnapshot Empty(params string[] regions)
    {
        IReadOnlyList<string> audited = regions.Length == 0 ? ["us-east-1", "eu-west-1"] : regions;
        return new AccountSnapshot
        {
            CollectedAt = Now,
            AccountId = Account,
            HomeRegion = audited[0],
            Regions = audited,
            Iam = new IamData
            {
                CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Of([Root()]),
                Authorization = Collected<AuthorizationDetails>.Of(new AuthorizationDetails()),
                AccountSummary = Collected<IReadOnlyDictionary<string, long>>.Of(new Dictionary<string, long>()),
                VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Of([]),
                PasswordPolicy = Collected<PasswordPolicy>.Of(PasswordPolicy.None),
            },
            Trails = Collected<IReadOnlyList<Trail>>.Of([]),
            CostAnomaly = Collected<CostAnomalyData>.Of(new CostAnomalyData([], [])),
            IdentityCenter = Collected<IdentityCenterData>.Of(new IdentityCenterData([])),
            AlternateContacts = Collected<IReadOnlyList<AlternateContact>>.Of([]),
            BillingAlarms = Collected<IReadOnlyList<MetricAlarm>>.Of([]),
            Organization = Collected<OrganizationData>.Of(new OrganizationData()),
            TrustedAdvisor = Collected<TrustedAdvisorData>.Of(new TrustedAdvisorData()),
            GuardDuty = PerRegion<IReadOnlyList<GuardDutyDetector>>(audited, []),
            AccessAnalyzers = PerRegion<IReadOnlyList<AccessAnalyzer>>(audited, []),
            Instances = PerRegion<IReadOnlyList<Ec2Instance>>(audited, []),
        };
    }

    public static Dictionary<string, Collected<T>> PerRegion<T>(IEnumerable<string> regions, T value)
        where T : class => regions.ToDictionary(r => r, _ => Collected<T>.Of(value));

    public static CallError Denied(string action, string? region = null) =>
        new(action, "AccessDenied", "User is not authorized to perform this action", region);

    public static CredentialReportRow Root(bool mfa = true) => new()
    {
        User = CredentialReportRow.RootUserName, Arn = RootArn, PasswordEnabled = true, MfaActive = mfa,
        UserCreationTime = Now.AddDays(-1000),
    };

    public static CredentialReportRow User(string name) => new()
    {
        User = name, Arn = $"arn:aws:iam::{Account}:user/{name}", UserCreationTime = Now.AddDays(-400),
    };

    public static CredentialReportRow WithKey1(this CredentialReportRow row, int rotatedDaysAgo, int? usedDaysAgo) =>
        row with
        {
            AccessKey1Active = true,
            AccessKey1LastRotated = Now.AddDays(-rotatedDaysAgo),
            AccessKey1LastUsed = usedDaysAgo is { } d ? Now.AddDays(-d) : null,
        };

    public static CredentialReportRow WithPassword(this CredentialReportRow row, int? usedDaysAgo, bool mfa = true) =>
        row with
        {
            PasswordEnabled = true,
            MfaActive = mfa,
            PasswordLastUsed = usedDaysAgo is { } d ? Now.AddDays(-d) : null,
            PasswordLastChanged = Now.AddDays(-300),
        };

    public static AccountSnapshot WithReport(this AccountSnapshot s, params CredentialReportRow[] rows) =>
        s with { Iam = s.Iam with { CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Of(rows) } };

    public static AccountSnapshot WithAuthorization(this AccountSnapshot s, AuthorizationDetails details) =>
        s with { Iam = s.Iam with { Authorization = Collected<AuthorizationDetails>.Of(details) } };

    public static AccountSnapshot WithTrails(this AccountSnapshot s, params Trail[] trails) =>
        s with { Trails = Collected<IReadOnlyList<Trail>>.Of(trails) };

    public static List<Finding> Run<TCheck>(AccountSnapshot snapshot, AuditConfig? config = null)
        where TCheck : ICheck, new() => new TCheck().Evaluate(snapshot, config ?? AuditConfig.Default).ToList();

    public static Finding Single<TCheck>(AccountSnapshot snapshot, AuditConfig? config = null)
        where TCheck : ICheck, new() => Assert.Single(Run<TCheck>(snapshot, config));

    public const string AdminPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public const string ReadPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
}
