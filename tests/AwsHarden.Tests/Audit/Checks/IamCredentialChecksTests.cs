using AwsHarden.Audit.Checks;
using AwsHarden.Model;

namespace AwsHarden.Tests.Audit.Checks;

public class IamCredentialChecksTests
{
    private static AccountSnapshot ReportDenied() => Snap.Empty() with
    {
        Iam = Snap.Empty().Iam with
        {
            CredentialReport = Collected<IReadOnlyList<CredentialReportRow>>.Failed(
                Snap.Denied("iam:GetCredentialReport")),
        },
    };

    [Fact]
    public void IamUserConsoleMfa_ConsoleUsers_OneResultPerUser()
    {
        var snapshot = Snap.Empty().WithReport(Snap.Root(),
            Snap.User("ann").WithPassword(1, mfa: true), Snap.User("ben").WithPassword(1, mfa: false),
            Snap.User("bot").WithKey1(10, 1));

        var findings = Snap.Run<IamUserConsoleMfa>(snapshot);

        Assert.Equal(2, findings.Count);
        Assert.Equal(Status.Pass, findings.Single(f => f.Resource.EndsWith("/ann")).Status);
        Assert.Equal(Status.Fail, findings.Single(f => f.Resource.EndsWith("/ben")).Status);
    }

    [Fact]
    public void IamUserConsoleMfa_NoConsoleUser_NotApplicable() =>
        Assert.Equal(Status.NotApplicable, Snap.Single<IamUserConsoleMfa>(Snap.Empty()).Status);

    [Fact]
    public void IamUserConsoleMfa_ReportDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamUserConsoleMfa>(ReportDenied()).Status);

    [Fact]
    public void IamUnusedCredentials_RecentlyUsed_Passes()
    {
        var snapshot = Snap.Empty().WithReport(Snap.User("ann").WithPassword(3).WithKey1(100, 2));

        Assert.Equal(Status.Pass, Snap.Single<IamUnusedCredentials>(snapshot).Status);
    }

    [Fact]
    public void IamUnusedCredentials_KeyNeverUsedOlderThanLimit_Fails()
    {
        var snapshot = Snap.Empty().WithReport(Snap.User("bot").WithKey1(rotatedDaysAgo: 60, usedDaysAgo: null));

        var finding = Snap.Single<IamUnusedCredentials>(snapshot);

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Contains("access key 1 never used", finding.Message);
    }

    [Fact]
    public void IamUnusedCredentials_NewKeyNeverUsed_Passes()
    {
        var snapshot = Snap.Empty().WithReport(Snap.User("bot").WithKey1(rotatedDaysAgo: 5, usedDaysAgo: null));

        Assert.Equal(Status.Pass, Snap.Single<IamUnusedCredentials>(snapshot).Status);
    }

    [Fact]
    public void IamUnusedCredentials_PasswordUnusedPastConfiguredDays_Fails()
    {
        var snapshot = Snap.Empty().WithReport(Snap.User("ann").WithPassword(usedDaysAgo: 20));
        var config = new AuditConfig { UnusedCredentialDays = 15 };

        Assert.Equal(Status.Fail, Snap.Single<IamUnusedCredentials>(snapshot, config).Status);
        Assert.Equal(Status.Pass, Snap.Single<IamUnusedCredentials>(snapshot).Status);
    }

    [Fact]
    public void IamUnusedCredentials_UsesSnapshotTimeNotClock_StaleAtCollection()
    {
        // The snapshot was collected in 2025; a key used 50 days before that is stale whatever today is.
        var snapshot = Snap.Empty().WithReport(Snap.User("bot").WithKey1(200, usedDaysAgo: 50));

        Assert.Equal(Status.Fail, Snap.Single<IamUnusedCredentials>(snapshot).Status);
    }

    [Fact]
    public void IamUnusedCredentials_ReportDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamUnusedCredentials>(ReportDenied()).Status);

    [Fact]
    public void IamAccessKeyRotation_KeyOlderThanLimit_Fails()
    {
        var snapshot = Snap.Empty().WithReport(Snap.User("old").WithKey1(91, 1), Snap.User("new").WithKey1(89, 1));

        var findings = Snap.Run<IamAccessKeyRotation>(snapshot);

        Assert.Equal(Status.Fail, findings.Single(f => f.Resource.Contains("/old")).Status);
        Assert.Equal(Status.Pass, findings.Single(f => f.Resource.Contains("/new")).Status);
    }

    [Fact]
    public void IamAccessKeyRotation_NoKeys_NotApplicable() =>
        Assert.Equal(Status.NotApplicable, Snap.Single<IamAccessKeyRotation>(Snap.Empty()).Status);

    [Fact]
    public void IamAccessKeyRotation_ReportDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamAccessKeyRotation>(ReportDenied()).Status);

    [Fact]
    public void IamSingleActiveKey_TwoActiveKeys_Fails()
    {
        var two = Snap.User("two").WithKey1(10, 1) with { AccessKey2Active = true, AccessKey2LastRotated = Snap.Now };
        var snapshot = Snap.Empty().WithReport(two, Snap.User("one").WithKey1(10, 1));

        var findings = Snap.Run<IamSingleActiveKey>(snapshot);

        Assert.Equal(Status.Fail, findings.Single(f => f.Resource.EndsWith("/two")).Status);
        Assert.Equal(Status.Pass, findings.Single(f => f.Resource.EndsWith("/one")).Status);
    }

    [Fact]
    public void IamSingleActiveKey_ReportDenied_Unknown() =>
        Assert.Equal(Status.Unknown, Snap.Single<IamSingleActiveKey>(ReportDenied()).Status);

    [Fact]
    public void IamIndividualIdentities_IdentityCenterInUse_Passes()
    {
        var snapshot = Snap.Empty() with
        {
            IdentityCenter = Collected<IdentityCenterData>.Of(new(["arn:aws:sso:::instance/ssoins-1"])),
        };

        Assert.Equal(Status.Pass, Snap.Single<IamIndividualIdentities>(snapshot).Status);
    }

    [Fact]
    public void IamIndividualIdentities_SharedNameAndDualUse_ManualWithEvidence()
    {
        var snapshot = Snap.Empty().WithReport(Snap.Root(), Snap.User("deploy"),
            Snap.User("ann").WithPassword(1).WithKey1(10, 2), Snap.User("ben").WithPassword(1));

        var findings = Snap.Run<IamIndividualIdentities>(snapshot);

        Assert.All(findings, f => Assert.Equal(Status.Manual, f.Status));
        Assert.Contains(findings, f => f.Resource.EndsWith("/deploy") && f.Message.Contains("'deploy'"));
        Assert.Contains(findings, f => f.Resource.EndsWith("/ann") && f.Message.Contains("both"));
        Assert.DoesNotContain(findings, f => f.Resource.EndsWith("/ben"));
    }

    [Fact]
    public void IamIndividualIdentities_NoEvidence_SingleAccountManual()
    {
        var finding = Snap.Single<IamIndividualIdentities>(Snap.Empty().WithReport(Snap.User("ben").WithPassword(1)));

        Assert.Equal(Status.Manual, finding.Status);
        Assert.Equal(Snap.Account, finding.Resource);
    }

    [Fact]
    public void IamIndividualIdentities_IdentityCenterDenied_UnknownNeverPass()
    {
        var snapshot = Snap.Empty() with
        {
            IdentityCenter = Collected<IdentityCenterData>.Failed(Snap.Denied("sso:ListInstances")),
        };

        var findings = Snap.Run<IamIndividualIdentities>(snapshot);

        Assert.Contains(findings, f => f.Status == Status.Unknown && f.Message == "AccessDenied on sso:ListInstances");
        Assert.DoesNotContain(findings, f => f.Status == Status.Pass);
    }

    [Fact]
    public void IamPasswordPolicy_NoPolicy_FailsNotUnknown() =>
        Assert.Equal(Status.Fail, Snap.Single<IamPasswordPolicy>(Snap.Empty()).Status);

    [Fact]
    public void IamPasswordPolicy_WeakPolicy_FailsListingGaps()
    {
        var finding = Snap.Single<IamPasswordPolicy>(WithPolicy(new PasswordPolicy
        {
            Exists = true, MinimumPasswordLength = 8, RequireLowercaseCharacters = true,
            RequireUppercaseCharacters = true, RequireNumbers = true, RequireSymbols = true,
            PasswordReusePrevention = 24,
        }));

        Assert.Equal(Status.Fail, finding.Status);
        Assert.Contains("minimum length 8 < 14", finding.Message);
        Assert.DoesNotContain("symbols", finding.Message);
    }

    [Fact]
    public void IamPasswordPolicy_MeetsConfig_Passes()
    {
        var snapshot = WithPolicy(new PasswordPolicy
        {
            Exists = true, MinimumPasswordLength = 10, RequireLowercaseCharacters = true,
        });
        var config = new AuditConfig
        {
            PasswordPolicy = new PasswordPolicyRequirements
            {
                MinimumLength = 10, ReusePrevention = 0, RequireSymbols = false, RequireNumbers = false,
                RequireUppercase = false,
            },
        };

        Assert.Equal(Status.Pass, Snap.Single<IamPasswordPolicy>(snapshot, config).Status);
    }

    [Fact]
    public void IamPasswordPolicy_Denied_UnknownWithAction()
    {
        var snapshot = Snap.Empty();
        snapshot = snapshot with
        {
            Iam = snapshot.Iam with
            {
                PasswordPolicy = Collected<PasswordPolicy>.Failed(Snap.Denied("iam:GetAccountPasswordPolicy")),
            },
        };

        var finding = Snap.Single<IamPasswordPolicy>(snapshot);

        Assert.Equal(Status.Unknown, finding.Status);
        Assert.Equal("AccessDenied on iam:GetAccountPasswordPolicy", finding.Message);
    }

    private static AccountSnapshot WithPolicy(PasswordPolicy policy)
    {
        var s = Snap.Empty();
        return s with { Iam = s.Iam with { PasswordPolicy = Collected<PasswordPolicy>.Of(policy) } };
    }
}
