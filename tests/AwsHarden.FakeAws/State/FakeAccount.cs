namespace AwsHarden.FakeAws.State;

/// <summary>
/// One AWS account held in memory: identity, IAM and the regional services AwsHarden reads. Handlers lock
/// <see cref="Sync"/> around every read and write, so tests may change the account while the server runs.
/// </summary>
public sealed class FakeAccount
{
    public const string DefaultAccountId = "123456789012";
    public const string DefaultAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string DefaultSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>The lock every handler holds while it reads or changes this account.</summary>
    public object Sync { get; } = new();
    public string AccountId { get; init; } = DefaultAccountId;
    public string Partition { get; init; } = "aws";
    public DateTimeOffset CreatedAt { get; init; } = new(2022, 1, 10, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The credential the client under test signs with.</summary>
    public FakeCredential Caller { get; set; }
    /// <summary>Further credentials the fake accepts (a leaked key, a second user…).</summary>
    public List<FakeCredential> OtherCredentials { get; } = [];
    public List<FakeRegion> Regions { get; } = [.. DefaultRegions.Select(r => new FakeRegion(r))];

    public FakeIam Iam { get; } = new();
    public List<FakeTrail> Trails { get; } = [];
    /// <summary>Event history for LookupEvents, in any order; answers come newest first.</summary>
    public List<FakeCloudTrailEvent> CloudTrailEvents { get; } = [];
    public List<FakeAnomalyMonitor> AnomalyMonitors { get; } = [];
    public List<FakeAnomalySubscription> AnomalySubscriptions { get; } = [];
    /// <summary>The bill as Cost Explorer's GetCostAndUsage answers it, one entry per day, service and region.
    /// </summary>
    public List<FakeDailyCost> DailyCosts { get; } = [];
    public List<FakeSsoInstance> SsoInstances { get; } = [];
    public Dictionary<string, FakeAlternateContact> AlternateContacts { get; } = [];
    public List<FakeAlarm> Alarms { get; } = [];
    public List<FakeDetector> Detectors { get; } = [];
    public List<FakeAnalyzer> Analyzers { get; } = [];
    public List<FakeInstance> Instances { get; } = [];
    public List<FakeSpotRequest> SpotRequests { get; } = [];
    public List<FakeSpotFleet> SpotFleets { get; } = [];
    public List<FakeImage> Images { get; } = [];
    public List<FakeVolume> Volumes { get; } = [];
    public List<FakeSnapshot> Snapshots { get; } = [];
    public List<FakeKeyPair> KeyPairs { get; } = [];
    public List<FakeSecurityGroup> SecurityGroups { get; } = [];
    public List<FakeLambdaFunction> LambdaFunctions { get; } = [];
    public List<FakeBucket> Buckets { get; } = [];
    /// <summary>SNS topics in every region, with their subscriptions.</summary>
    public List<FakeTopic> Topics { get; } = [];
    /// <summary>Null for a standalone account (Organizations answers AWSOrganizationsNotInUseException).</summary>
    public FakeOrganization? Organization { get; set; }
    public FakeSupport Support { get; } = new();
    public FakeAthena Athena { get; } = new();

    /// <summary>The 17 regions enabled by default in the aws partition.</summary>
    public static IReadOnlyList<string> DefaultRegions { get; } =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
        "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1",
        "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1",
    ];

    /// <summary>Opt-in regions a new account has not enabled.</summary>
    public static IReadOnlyList<string> OptInRegions { get; } =
        ["af-south-1", "ap-east-1", "ap-south-2", "eu-south-1", "me-south-1", "me-central-1", "il-central-1"];

    public FakeAccount(string accountId = DefaultAccountId, string callerUserName = "auditor")
    {
        AccountId = accountId;
        Regions.AddRange(OptInRegions.Select(r => new FakeRegion(r, "not-opted-in")));
        Caller = new FakeCredential(DefaultAccessKeyId, DefaultSecretAccessKey,
            IamArn($"user/{callerUserName}"), FakeIds.Iam("AIDA", accountId + "user" + callerUserName));
    }

    public IEnumerable<string> EnabledRegions => Regions.Where(r => r.IsEnabled).Select(r => r.Name);

    public string RootArn => $"arn:{Partition}:iam::{AccountId}:root";

    /// <summary>An IAM ARN in this account, e.g. <c>IamArn("user/alice")</c>.</summary>
    public string IamArn(string resource) => $"arn:{Partition}:iam::{AccountId}:{resource}";

    public FakeCredential? FindCredential(string accessKeyId) =>
        Caller.AccessKeyId == accessKeyId ? Caller : OtherCredentials.Find(c => c.AccessKeyId == accessKeyId);

    public bool IsRegionEnabled(string region) => Regions.Exists(r => r.Name == region && r.IsEnabled);

    public FakeUser AddUser(string name, DateTimeOffset? created = null, string path = "/")
    {
        var user = new FakeUser
        {
            Name = name,
            Path = path,
            UserId = FakeIds.Iam("AIDA", AccountId + "user" + name),
            CreateDate = created ?? CreatedAt,
        };
        Iam.Users.Add(user);
        return user;
    }

    public FakeGroup AddGroup(string name, params string[] members)
    {
        var group = new FakeGroup
        {
            Name = name,
            GroupId = FakeIds.Iam("AGPA", AccountId + "group" + name),
            CreateDate = CreatedAt,
        };
        Iam.Groups.Add(group);
        foreach (var member in members)
        {
            Iam.FindUser(member)?.Groups.Add(name);
        }

        return group;
    }

    public FakeRole AddRole(string name, string trustPolicy, string path = "/")
    {
        var role = new FakeRole
        {
            Name = name,
            Path = path,
            RoleId = FakeIds.Iam("AROA", AccountId + "role" + name),
            CreateDate = CreatedAt,
            AssumeRolePolicyDocument = trustPolicy,
        };
        Iam.Roles.Add(role);
        return role;
    }

    /// <summary>Adds (once) an AWS managed policy such as AdministratorAccess and returns its ARN.</summary>
    public string AddAwsManagedPolicy(string name, string document, string path = "/")
    {
        var arn = $"arn:{Partition}:iam::aws:policy{path}{name}";
        if (Iam.FindPolicy(arn) is null)
        {
            Iam.Policies.Add(NewPolicy(name, path, arn, document, isAwsManaged: true));
        }

        return arn;
    }

    public string AddCustomerPolicy(string name, string document, string path = "/")
    {
        var arn = IamArn($"policy{path}{name}");
        Iam.Policies.Add(NewPolicy(name, path, arn, document, isAwsManaged: false));
        return arn;
    }

    /// <summary>Adds an access key to a user; the key id is derived from the user name and index.</summary>
    public FakeAccessKey AddAccessKey(FakeUser user, DateTimeOffset created, DateTimeOffset? lastUsed = null)
    {
        var key = NewAccessKey(user.Name + user.AccessKeys.Count, created, lastUsed);
        user.AccessKeys.Add(key);
        return key;
    }

    public FakeAccessKey NewAccessKey(string seed, DateTimeOffset created, DateTimeOffset? lastUsed = null) => new()
    {
        AccessKeyId = FakeIds.Iam("AKIA", AccountId + "key" + seed),
        CreateDate = created,
        LastUsedDate = lastUsed,
        LastUsedRegion = lastUsed is null ? null : "us-east-1",
        LastUsedService = lastUsed is null ? null : "iam",
    };

    public FakeMfaDevice VirtualMfa(string deviceName, DateTimeOffset enabled) =>
        new(IamArn($"mfa/{deviceName}"), IsVirtual: true, enabled);

    private FakeManagedPolicy NewPolicy(string name, string path, string arn, string document, bool isAwsManaged)
    {
        var policy = new FakeManagedPolicy
        {
            Name = name,
            Path = path,
            Arn = arn,
            PolicyId = FakeIds.Iam("ANPA", arn),
            IsAwsManaged = isAwsManaged,
            CreateDate = CreatedAt,
            UpdateDate = CreatedAt,
        };
        policy.Versions.Add(new FakePolicyVersion("v1", document, CreatedAt));
        return policy;
    }
}
