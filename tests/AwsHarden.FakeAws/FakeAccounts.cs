using AwsHarden.FakeAws.State;

namespace AwsHarden.FakeAws;

/// <summary>Ready-made accounts: one that follows the whole hardening checklist, one that breaks most of it,
/// and a large one for benchmarks.</summary>
public static class FakeAccounts
{
    public const string Ec2TrustPolicy =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": {
                "Service": "ec2.amazonaws.com"
              },
              "Action": "sts:AssumeRole"
            }
          ]
        }
        """;

    public const string AdministratorAccessDocument =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": "*",
              "Resource": "*"
            }
          ]
        }
        """;

    public const string ReadOnlyAccessDocument =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "ec2:Describe*",
                "iam:Get*",
                "iam:List*",
                "s3:Get*",
                "s3:List*",
                "cloudtrail:Describe*",
                "cloudtrail:Get*"
              ],
              "Resource": "*"
            }
          ]
        }
        """;

    public const string DenyOtherRegionsScp =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "DenyOutsideApprovedRegions",
              "Effect": "Deny",
              "NotAction": [
                "iam:*",
                "organizations:*",
                "sts:*",
                "support:*",
                "account:*",
                "ce:*",
                "cloudfront:*",
                "route53:*"
              ],
              "Resource": "*",
              "Condition": {
                "StringNotEquals": {
                  "aws:RequestedRegion": [
                    "us-east-1",
                    "eu-west-1"
                  ]
                }
              }
            }
          ]
        }
        """;

    public const string DenyLargeInstancesScp =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "DenyUnapprovedInstanceTypes",
              "Effect": "Deny",
              "Action": "ec2:RunInstances",
              "Resource": "arn:aws:ec2:*:*:instance/*",
              "Condition": {
                "StringNotLike": {
                  "ec2:InstanceType": [
                    "t3.*",
                    "t4g.*",
                    "m6i.large"
                  ]
                }
              }
            }
          ]
        }
        """;

    /// <summary>An account where every item of the checklist is in place.</summary>
    public static FakeAccount Healthy(DateTimeOffset? now = null, string accountId = FakeAccount.DefaultAccountId)
    {
        var at = now ?? TimeProvider.System.GetUtcNow();
        var account = new FakeAccount(accountId);
        account.Iam.Root.Mfa = new FakeMfaDevice("GAKT000A1B2C", IsVirtual: false, account.CreatedAt.AddDays(1));
        account.Iam.Root.PasswordLastUsed = at.AddDays(-200);
        account.Iam.PasswordPolicy = StrongPasswordPolicy;

        AddCallerUser(account, at);
        AddHealthyIam(account, at);
        AddHealthyLogging(account, at);
        AddHealthyAccountSettings(account);
        foreach (var region in account.EnabledRegions)
        {
            AddDetectorAndAnalyzer(account, region, at);
        }

        AddInstance(account, "us-east-1", "i-0a1b2c3d4e5f60001", at.AddDays(-20), "app-server");
        AddInstance(account, "us-east-1", "i-0a1b2c3d4e5f60002", at.AddDays(-3), "app-server");
        AddInstance(account, "eu-west-1", "i-0a1b2c3d4e5f60003", at.AddDays(-60), "app-server", "stopped");
        account.Organization = MemberOrganization(account);
        AddTrustedAdvisor(account, flagged: 0);
        return account;
    }

    /// <summary>An account that breaks most of the checklist, the way real neglected accounts do.</summary>
    public static FakeAccount Misconfigured(DateTimeOffset? now = null)
    {
        var at = now ?? TimeProvider.System.GetUtcNow();
        var account = new FakeAccount();
        var root = account.Iam.Root;
        root.PasswordLastUsed = at.AddDays(-2);
        root.AccessKeys.Add(account.NewAccessKey("root", account.CreatedAt, at.AddDays(-3)));

        AddCallerUser(account, at);
        AddMisconfiguredIam(account, at);
        account.Trails.Add(new FakeTrail
        {
            Name = "legacy-trail",
            HomeRegion = "us-east-1",
            S3BucketName = "legacy-trail-logs-123456789012",
            IsLogging = false,
            EventSelectors = [new FakeEventSelector("ReadOnly", true)],
            HasCustomEventSelectors = true,
        });
        account.AlternateContacts["BILLING"] = Contact("BILLING", "Accounts Payable");
        account.Alarms.Add(BillingAlarm(actions: []) with { ActionsEnabled = false });
        account.Detectors.Add(new FakeDetector
        {
            Region = "us-east-1",
            DetectorId = FakeIds.Hex("misconfigured-detector", 32),
            Status = "DISABLED",
            CreatedAt = at.AddDays(-400),
            UpdatedAt = at.AddDays(-300),
        });
        AddInstance(account, "us-east-1", "i-0f0e0d0c0b0a00001", at.AddDays(-500), profile: null);
        AddInstance(account, "eu-west-1", "i-0f0e0d0c0b0a00002", at.AddDays(-30), profile: null);
        AddTrustedAdvisor(account, flagged: 3);
        account.Support.HasBusinessSupport = false;
        return account;
    }

    /// <summary>A healthy account scaled up for benchmarks, e.g. <c>Large(1000, 300, 17)</c>.</summary>
    public static FakeAccount Large(int users, int roles, int regions, DateTimeOffset? now = null)
    {
        var at = now ?? TimeProvider.System.GetUtcNow();
        var account = Healthy(at);
        EnableRegions(account, regions, at);
        var readOnly = account.AddAwsManagedPolicy("ReadOnlyAccess", ReadOnlyAccessDocument);
        for (var g = 0; g < 10; g++)
        {
            account.AddGroup($"team-{g:D2}").AttachedPolicyArns.Add(readOnly);
        }

        for (var i = 0; i < users; i++)
        {
            var user = account.AddUser($"user-{i:D5}", at.AddDays(-300 + (i % 200)));
            user.LoginProfile = new FakeLoginProfile(user.CreateDate, at.AddDays(-(i % 80)));
            user.PasswordLastUsed = at.AddDays(-(i % 30));
            user.MfaDevices.Add(account.VirtualMfa(user.Name, user.CreateDate));
            account.AddAccessKey(user, at.AddDays(-(i % 85)), at.AddDays(-(i % 7)));
            user.Groups.Add($"team-{i % 10:D2}");
            user.InlinePolicies["self-service"] = SelfServicePolicy(account, user.Name);
        }

        for (var i = 0; i < roles; i++)
        {
            var policy = account.AddCustomerPolicy($"workload-{i:D4}", WorkloadPolicy(i));
            var role = account.AddRole($"workload-{i:D4}", Ec2TrustPolicy);
            role.AttachedPolicyArns.Add(policy);
            role.InlinePolicies["logs"] = LogsPolicy;
        }

        foreach (var region in account.EnabledRegions)
        {
            for (var n = 0; n < 5; n++)
            {
                AddInstance(account, region, $"i-{FakeIds.Hex(region + n, 17)}", at.AddDays(-n), "app-server");
            }
        }

        return account;
    }

    /// <summary>A healthy account whose IAM is replaced by an <c>aws iam get-account-authorization-details</c>
    /// export (the account id is taken from the export's ARNs).</summary>
    public static FakeAccount FromAuthorizationDetails(string json, DateTimeOffset? now = null)
    {
        var accountId = System.Text.RegularExpressions.Regex.Match(json, @"arn:aws:iam::(\d{12}):").Groups[1].Value;
        var account = new FakeAccount(accountId.Length == 12 ? accountId : FakeAccount.DefaultAccountId);
        var healthy = Healthy(now);
        account.Iam.Root.Mfa = healthy.Iam.Root.Mfa;
        account.Iam.PasswordPolicy = healthy.Iam.PasswordPolicy;
        AuthorizationDetailsImport.Into(account, json);
        return account;
    }

    private static FakePasswordPolicy StrongPasswordPolicy => new()
    {
        MinimumPasswordLength = 16,
        RequireSymbols = true,
        RequireNumbers = true,
        RequireUppercaseCharacters = true,
        RequireLowercaseCharacters = true,
        AllowUsersToChangePassword = true,
        MaxPasswordAge = 90,
        PasswordReusePrevention = 24,
    };

    /// <summary>The IAM user behind <see cref="FakeAccount.Caller"/>: programmatic only, read-only audit rights,
    /// its key the one the client signs with.</summary>
    private static void AddCallerUser(FakeAccount account, DateTimeOffset at)
    {
        var name = account.Caller.Arn[(account.Caller.Arn.LastIndexOf('/') + 1)..];
        var user = account.AddUser(name, at.AddDays(-30));
        user.AccessKeys.Add(new FakeAccessKey
        {
            AccessKeyId = account.Caller.AccessKeyId,
            CreateDate = at.AddDays(-30),
            LastUsedDate = at,
            LastUsedRegion = "us-east-1",
            LastUsedService = "sts",
        });
        // Through a group, as the checklist asks; a policy attached to the user would fail the audit.
        account.AddGroup("auditors", user.Name).AttachedPolicyArns.Add(
            account.AddAwsManagedPolicy("SecurityAudit", ReadOnlyAccessDocument));
    }

    private static void AddHealthyIam(FakeAccount account, DateTimeOffset at)
    {
        var readOnly = account.AddAwsManagedPolicy("ReadOnlyAccess", ReadOnlyAccessDocument);
        account.AddAwsManagedPolicy("AdministratorAccess", AdministratorAccessDocument);
        foreach (var name in new[] { "alice", "bob" })
        {
            var user = account.AddUser(name, at.AddDays(-365));
            user.LoginProfile = new FakeLoginProfile(user.CreateDate, at.AddDays(-30));
            user.PasswordLastUsed = at.AddDays(-1);
            user.MfaDevices.Add(account.VirtualMfa(name, user.CreateDate.AddHours(1)));
        }

        account.AddAccessKey(account.Iam.FindUser("alice")!, at.AddDays(-20), at.AddDays(-1));
        account.AddGroup("engineers", "alice", "bob").AttachedPolicyArns.Add(readOnly);

        var pipeline = account.AddUser("ci-pipeline", at.AddDays(-200));
        account.AddAccessKey(pipeline, at.AddDays(-10), at.AddHours(-3));
        account.AddGroup("ci", "ci-pipeline").AttachedPolicyArns.Add(account.AddCustomerPolicy("ci-artifact-publish",
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": [
                    "s3:PutObject"
                  ],
                  "Resource": "arn:aws:s3:::build-artifacts-123456789012/*"
                }
              ]
            }
            """));

        var role = account.AddRole("app-server", Ec2TrustPolicy);
        role.InstanceProfiles.Add("app-server");
        role.LastUsedDate = at.AddHours(-1);
        role.LastUsedRegion = "us-east-1";
        role.AttachedPolicyArns.Add(account.AddCustomerPolicy("app-config-read",
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": [
                    "ssm:GetParameter"
                  ],
                  "Resource": "arn:aws:ssm:us-east-1:123456789012:parameter/app/*"
                }
              ]
            }
            """));
    }

    private static void AddMisconfiguredIam(FakeAccount account, DateTimeOffset at)
    {
        var admin = account.AddAwsManagedPolicy("AdministratorAccess", AdministratorAccessDocument);
        var shared = account.AddUser("admin", at.AddDays(-900));
        shared.LoginProfile = new FakeLoginProfile(shared.CreateDate);
        shared.PasswordLastUsed = at.AddDays(-1);
        shared.AttachedPolicyArns.Add(admin);
        account.AddAccessKey(shared, at.AddDays(-400), at.AddDays(-200));
        account.AddAccessKey(shared, at.AddDays(-380)).Status = "Inactive";

        var neverUsed = account.AddUser("dev-team", at.AddDays(-100));
        neverUsed.LoginProfile = new FakeLoginProfile(neverUsed.CreateDate);

        var leaver = account.AddUser("former-employee", at.AddDays(-700));
        leaver.LoginProfile = new FakeLoginProfile(leaver.CreateDate, at.AddDays(-300));
        leaver.PasswordLastUsed = at.AddDays(-120);
        leaver.MfaDevices.Add(account.VirtualMfa("former-employee", leaver.CreateDate));
        account.AddAccessKey(leaver, at.AddDays(-600), at.AddDays(-180));

        var deploy = account.AddUser("deploy", at.AddDays(-500));
        account.AddAccessKey(deploy, at.AddDays(-500), at.AddDays(-1));
        deploy.InlinePolicies["everything"] = AdministratorAccessDocument;

        account.AddGroup("Admins", "admin", "former-employee").AttachedPolicyArns.Add(admin);
        account.AddCustomerPolicy("FullAccess", AdministratorAccessDocument);

        var role = account.AddRole("ec2-admin", Ec2TrustPolicy);
        role.AttachedPolicyArns.Add(admin);
        account.AddRole("partner-access",
            """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "*"
                  },
                  "Action": "sts:AssumeRole"
                }
              ]
            }
            """).AttachedPolicyArns.Add(admin);
    }

    private static void AddHealthyLogging(FakeAccount account, DateTimeOffset at)
    {
        account.Trails.Add(new FakeTrail
        {
            Name = "management-events",
            HomeRegion = "us-east-1",
            S3BucketName = $"aws-cloudtrail-logs-{account.AccountId}",
            IsMultiRegion = true,
            LogFileValidationEnabled = true,
            IsLogging = true,
            StartLoggingTime = at.AddDays(-300),
            EventSelectors = [],
            AdvancedEventSelectors = FakeTrail.ManagementWriteSelectors(),
            HasCustomEventSelectors = true,
            InsightTypes = ["ApiCallRateInsight", "ApiErrorRateInsight"],
        });
        account.Alarms.Add(BillingAlarm([$"arn:aws:sns:us-east-1:{account.AccountId}:billing-alerts"]));
    }

    private static void AddHealthyAccountSettings(FakeAccount account)
    {
        var monitor = $"arn:aws:ce::{account.AccountId}:anomalymonitor/7c0f3bd4-0e07-4a5e-9f4b-5c1f2a0e0001";
        account.AnomalyMonitors.Add(new FakeAnomalyMonitor(monitor, "AWS services"));
        account.AnomalySubscriptions.Add(new FakeAnomalySubscription(
            $"arn:aws:ce::{account.AccountId}:anomalysubscription/7c0f3bd4-0e07-4a5e-9f4b-5c1f2a0e0002",
            "Daily cost anomalies", [monitor], [new FakeAnomalySubscriber("finops@example.com")], 50));
        account.SsoInstances.Add(new FakeSsoInstance("arn:aws:sso:::instance/ssoins-72230f3a1e2d4b5c",
            "d-9067a1b2c3"));
        account.AlternateContacts["BILLING"] = Contact("BILLING", "Accounts Payable");
        account.AlternateContacts["OPERATIONS"] = Contact("OPERATIONS", "Operations On-Call");
        account.AlternateContacts["SECURITY"] = Contact("SECURITY", "Security Team");
        account.Support.HasBusinessSupport = true;
    }

    private static FakeAlternateContact Contact(string type, string title) =>
        new(type, title + " Lead", title, $"{type.ToLowerInvariant()}@example.com", "+1-555-0100");

    private static FakeAlarm BillingAlarm(IReadOnlyList<string> actions) => new()
    {
        Region = "us-east-1",
        AlarmName = "billing-over-100-usd",
        Namespace = "AWS/Billing",
        MetricName = "EstimatedCharges",
        Dimensions = [new FakeDimension("Currency", "USD")],
        Threshold = 100,
        AlarmActions = actions,
    };

    private static void AddDetectorAndAnalyzer(FakeAccount account, string region, DateTimeOffset at)
    {
        account.Detectors.Add(new FakeDetector
        {
            Region = region,
            DetectorId = FakeIds.Hex(account.AccountId + region, 32),
            CreatedAt = at.AddDays(-250),
            UpdatedAt = at.AddDays(-250),
        });
        account.Analyzers.Add(new FakeAnalyzer { Region = region, Name = "account-analyzer", CreatedAt = at });
    }

    /// <summary>The compute part of the example chain (docs/incident.md, examples/incident/make-examples.py):
    /// the key pair <c>maint</c> imported at 09:14, four p3.16xlarge instances (with their root volumes) in
    /// us-east-1 at 09:15 and two in eu-west-1 at 09:16 on 2024-08-01, and SSH opened to the world
    /// (rule sgr-0fedcba9876543210) on the existing group sg-0123456789abcdef0 at 09:22.</summary>
    public static FakeAccount AddExampleChainCompute(FakeAccount account)
    {
        var day = new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero);
        account.KeyPairs.Add(new FakeKeyPair("us-east-1", "maint", "key-0a1b2c3d4e5f67890", day.AddMinutes(554)));
        var launches = Enumerable.Range(0, 4).Select(i => ("us-east-1", $"i-0aa11bb22cc33dd4{i}", day.AddMinutes(555)))
            .Concat(Enumerable.Range(0, 2).Select(i => ("eu-west-1", $"i-0ee55ff66aa77bb8{i}", day.AddMinutes(556))));
        foreach (var (region, id, launched) in launches)
        {
            account.Instances.Add(new FakeInstance
            {
                Region = region, InstanceId = id, LaunchTime = launched, InstanceType = "p3.16xlarge",
            });
            account.Volumes.Add(new FakeVolume
            {
                Region = region, VolumeId = "vol-" + FakeIds.Hex(id, 17), CreateTime = launched, Size = 100,
                AttachedInstanceId = id, DeleteOnTermination = true,
            });
        }

        var group = account.SecurityGroups.Find(g => g.GroupId == "sg-0123456789abcdef0");
        if (group is null)
        {
            group = new FakeSecurityGroup
            {
                Region = "us-east-1", GroupId = "sg-0123456789abcdef0", GroupName = "web", Description = "web servers",
            };
            account.SecurityGroups.Add(group);
        }

        group.Rules.Add(new FakeSecurityGroupRule("sgr-0fedcba9876543210", IsEgress: false, "tcp", 22, 22,
            "0.0.0.0/0"));
        return account;
    }

    private static void AddInstance(FakeAccount account, string region, string id, DateTimeOffset launched,
        string? profile, string state = "running") => account.Instances.Add(new FakeInstance
        {
            Region = region,
            InstanceId = id,
            LaunchTime = launched,
            InstanceProfileName = profile,
            State = state,
        });

    // SCPs never restrict the management account, so the healthy account is a member whose SCPs it may read
    // as the delegated administrator for Organizations policies.
    private static FakeOrganization MemberOrganization(FakeAccount account)
    {
        var org = new FakeOrganization
        {
            Id = "o-a1b2c3d4e5",
            ManagementAccountId = "999988887777",
            RootId = "r-a1b2",
            ScpEnabled = true,
            MemberIsDelegatedAdministrator = true,
        };
        org.Parents[account.AccountId] = org.RootId;
        org.Policies.Add(FakeScp.FullAwsAccess);
        org.Policies.Add(new FakeScp("p-regions01", "deny-unapproved-regions", DenyOtherRegionsScp));
        org.Policies.Add(new FakeScp("p-itypes001", "deny-unapproved-instance-types", DenyLargeInstancesScp));
        org.Attach(FakeScp.FullAwsAccessId, org.RootId);
        org.Attach(FakeScp.FullAwsAccessId, account.AccountId);
        org.Attach("p-regions01", org.RootId);
        org.Attach("p-itypes001", account.AccountId);
        return org;
    }

    private static void AddTrustedAdvisor(FakeAccount account, int flagged)
    {
        account.Support.Checks.AddRange(
        [
            new("7DAFEmoDos", "MFA on Root Account", "security", flagged > 0 ? "error" : "ok", 1, Math.Min(1, flagged)),
            new("zXCkfM1nI3", "IAM Use", "security"),
            new("HCP4007jGY", "Security Groups - Specific Ports Unrestricted", "security",
                flagged > 0 ? "warning" : "ok", 12, flagged),
            new("12Fnkpl8Y5", "Exposed Access Keys", "security"),
            new("Qch7DwouX1", "Low Utilization Amazon EC2 Instances", "cost_optimizing"),
        ]);
    }

    private static void EnableRegions(FakeAccount account, int count, DateTimeOffset at)
    {
        var names = account.Regions.Select(r => r.Name).Take(count).ToList();
        account.Regions.Clear();
        account.Regions.AddRange(names.Select(n => new FakeRegion(n,
            FakeAccount.DefaultRegions.Contains(n) ? "opt-in-not-required" : "opted-in")));
        account.Detectors.RemoveAll(d => !names.Contains(d.Region));
        account.Analyzers.RemoveAll(a => !names.Contains(a.Region));
        foreach (var region in names.Where(n => !account.Detectors.Exists(d => d.Region == n)))
        {
            AddDetectorAndAnalyzer(account, region, at);
        }
    }

    private static string SelfServicePolicy(FakeAccount account, string user) =>
        $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "iam:ChangePassword",
                "iam:GetUser"
              ],
              "Resource": "arn:aws:iam::{{account.AccountId}}:user/{{user}}"
            }
          ]
        }
        """;

    private static string WorkloadPolicy(int i) =>
        $$"""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "s3:GetObject",
                "s3:PutObject"
              ],
              "Resource": "arn:aws:s3:::workload-{{i:D4}}-data/*"
            }
          ]
        }
        """;

    private const string LogsPolicy =
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "logs:CreateLogStream",
                "logs:PutLogEvents"
              ],
              "Resource": "*"
            }
          ]
        }
        """;
}
