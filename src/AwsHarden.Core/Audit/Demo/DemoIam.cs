using AwsHarden.Model;

namespace AwsHarden.Audit.Demo;

/// <summary>The demo's IAM: users, groups, roles, policies and the credential report that goes with them.</summary>
internal static class DemoIam
{
    private const string AdminDocument =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    private const string ReadOnlyDocument = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Action":["ec2:Describe*","s3:Get*","s3:List*","cloudwatch:Get*","logs:Get*"],"Resource":"*"}]}
        """;

    private const string DeployDocument = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Action":["s3:PutObject","s3:GetObject","ecr:PutImage","ecs:UpdateService"],
        "Resource":["arn:aws:s3:::app-artifacts-111122223333/*","*"]}]}
        """;

    private const string Ec2AssumeRole = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},
        "Action":"sts:AssumeRole"}]}
        """;

    private static readonly ManagedPolicy AdministratorAccess = new()
    {
        Name = "AdministratorAccess", Arn = "arn:aws:iam::aws:policy/AdministratorAccess",
        AttachmentCount = 1, IsAwsManaged = true, Document = AdminDocument,
    };

    private static readonly ManagedPolicy ViewOnly = new()
    {
        Name = "developers-read", Arn = DemoAccount.Arn("policy/developers-read"),
        AttachmentCount = 1, Document = ReadOnlyDocument,
    };

    private static readonly ManagedPolicy CiDeploy = new()
    {
        Name = "ci-deploy", Arn = DemoAccount.Arn("policy/ci-deploy"), AttachmentCount = 2, Document = DeployDocument,
    };

    public static IamData Misconfigured(DateTimeOffset now) => new()
    {
        CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Of(MisconfiguredReport(now)),
        Authorization = Collected<AuthorizationDetails>.Of(MisconfiguredAuthorization(now)),
        AccountSummary = Collected<IReadOnlyDictionary<string, long>>.Of(
            Summary(accessKeys: 1, users: 7)),
        VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Of(
        [
            new VirtualMfaDevice(DemoAccount.Arn("mfa/root-account-mfa-device"), DemoAccount.Arn("root")),
            new VirtualMfaDevice(DemoAccount.Arn("mfa/alice"), DemoAccount.Arn("user/alice")),
        ]),
        PasswordPolicy = Collected<PasswordPolicy>.Of(new PasswordPolicy
        {
            Exists = true, MinimumPasswordLength = 8, RequireLowercaseCharacters = true, RequireNumbers = true,
            AllowUsersToChangePassword = true,
        }),
    };

    public static IamData Healthy(DateTimeOffset now) => new()
    {
        CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Of(HealthyReport(now)),
        Authorization = Collected<AuthorizationDetails>.Of(HealthyAuthorization(now)),
        AccountSummary = Collected<IReadOnlyDictionary<string, long>>.Of(
            Summary(accessKeys: 0, users: 3)),
        VirtualMfaDevices = Collected<IReadOnlyList<VirtualMfaDevice>>.Of(
            [new VirtualMfaDevice(DemoAccount.Arn("mfa/alice"), DemoAccount.Arn("user/alice"))]),
        PasswordPolicy = Collected<PasswordPolicy>.Of(new PasswordPolicy
        {
            Exists = true, MinimumPasswordLength = 16, RequireSymbols = true, RequireNumbers = true,
            RequireUppercaseCharacters = true, RequireLowercaseCharacters = true, AllowUsersToChangePassword = true,
            PasswordReusePrevention = 24,
        }),
    };

    private static IReadOnlyList<CredentialReportRow> MisconfiguredReport(DateTimeOffset now) =>
    [
        Root(now) with
        {
            AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-1150), AccessKey1LastUsed = now.AddDays(-400),
        },
        Person("alice", now, mfa: true) with
        {
            AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-30), AccessKey1LastUsed = now.AddDays(-1),
        },
        Person("bob", now, mfa: false),
        Person("carol", now, mfa: true) with
        {
            AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-200), AccessKey1LastUsed = now.AddDays(-4),
        },
        Person("deploy", now, mfa: false) with
        {
            AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-400), AccessKey1LastUsed = now.AddHours(-3),
            AccessKey2Active = true, AccessKey2LastRotated = now.AddDays(-120), AccessKey2LastUsed = now.AddDays(-70),
        },
        Program("ci-bot", now) with { AccessKey1LastRotated = now.AddDays(-20) },
        Person("dave", now, mfa: true) with
        {
            PasswordLastUsed = now.AddDays(-120),
            AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-300), AccessKey1LastUsed = now.AddDays(-150),
        },
        Person("test-user", now, mfa: false) with
        {
            UserCreationTime = now.AddDays(-200), PasswordLastUsed = null, PasswordLastChanged = now.AddDays(-200),
        },
    ];

    private static IReadOnlyList<CredentialReportRow> HealthyReport(DateTimeOffset now) =>
    [
        Root(now) with { PasswordLastUsed = now.AddDays(-30) },
        Person("alice", now, mfa: true),
        Person("bob", now, mfa: true),
        Program("ci-bot", now),
    ];

    private static AuthorizationDetails MisconfiguredAuthorization(DateTimeOffset now) => new()
    {
        Users =
        [
            User("alice", now, groups: ["Admins"]),
            User("bob", now, groups: ["Developers"]),
            User("carol", now, groups: ["Developers"]),
            User("deploy", now) with { InlinePolicies = [new InlinePolicy("deploy-everything", AdminDocument)] },
            User("ci-bot", now) with { AttachedPolicies = [Attached(CiDeploy)] },
            User("dave", now, groups: ["Developers"]),
            User("test-user", now, groups: ["Developers"]),
        ],
        Groups = [Group("Admins", AdministratorAccess), Group("Developers", ViewOnly)],
        Roles = [WebAppRole(now)],
        Policies =
        [
            AdministratorAccess, ViewOnly, CiDeploy,
            new ManagedPolicy
            {
                Name = "legacy-full-access", Arn = DemoAccount.Arn("policy/legacy-full-access"),
                AttachmentCount = 0, Document = AdminDocument,
            },
        ],
    };

    private static AuthorizationDetails HealthyAuthorization(DateTimeOffset now) => new()
    {
        Users =
        [
            User("alice", now, groups: ["Developers"]),
            User("bob", now, groups: ["Developers"]),
            User("ci-bot", now, groups: ["Pipelines"]),
        ],
        Groups = [Group("Developers", ViewOnly), Group("Pipelines", CiDeploy)],
        Roles = [WebAppRole(now)],
        Policies = [ViewOnly, CiDeploy],
    };

    private static CredentialReportRow Root(DateTimeOffset now) => new()
    {
        User = CredentialReportRow.RootUserName, Arn = DemoAccount.Arn("root"),
        UserCreationTime = now.AddDays(-1200), PasswordEnabled = true, PasswordLastUsed = now.AddDays(-3),
        MfaActive = true,
    };

    private static CredentialReportRow Person(string name, DateTimeOffset now, bool mfa) => new()
    {
        User = name, Arn = DemoAccount.Arn($"user/{name}"), UserCreationTime = now.AddDays(-500),
        PasswordEnabled = true, PasswordLastUsed = now.AddDays(-2), PasswordLastChanged = now.AddDays(-80),
        MfaActive = mfa,
    };

    private static CredentialReportRow Program(string name, DateTimeOffset now) => new()
    {
        User = name, Arn = DemoAccount.Arn($"user/{name}"), UserCreationTime = now.AddDays(-300),
        AccessKey1Active = true, AccessKey1LastRotated = now.AddDays(-20), AccessKey1LastUsed = now.AddHours(-1),
    };

    private static IamUser User(string name, DateTimeOffset now, IReadOnlyList<string>? groups = null) => new()
    {
        Name = name, Arn = DemoAccount.Arn($"user/{name}"), CreateDate = now.AddDays(-500), Groups = groups ?? [],
    };

    private static IamGroup Group(string name, ManagedPolicy policy) => new()
    {
        Name = name, Arn = DemoAccount.Arn($"group/{name}"), AttachedPolicies = [Attached(policy)],
    };

    private static IamRole WebAppRole(DateTimeOffset now) => new()
    {
        Name = "web-app", Arn = DemoAccount.Arn("role/web-app"), Path = "/", CreateDate = now.AddDays(-400),
        AssumeRolePolicyDocument = Ec2AssumeRole, InstanceProfiles = [DemoAccount.Arn("instance-profile/web-app")],
        InlinePolicies = [new InlinePolicy("read-config", ReadOnlyDocument)],
    };

    private static Dictionary<string, long> Summary(long accessKeys, long users) => new()
    {
        ["AccountMFAEnabled"] = 1, ["AccountAccessKeysPresent"] = accessKeys, ["Users"] = users,
    };

    private static AttachedPolicy Attached(ManagedPolicy policy) => new(policy.Name, policy.Arn);
}
