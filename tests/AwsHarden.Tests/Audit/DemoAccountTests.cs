using AwsHarden.Audit;
using AwsHarden.Audit.Demo;
using AwsHarden.Model;
using Microsoft.Extensions.Time.Testing;

namespace AwsHarden.Tests.Audit;

public class DemoAccountTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));

    private static Dictionary<string, List<Finding>> ByCheck(AccountSnapshot snapshot) =>
        AuditRunner.Run(snapshot, AuditConfig.Default, Clock).Findings
            .GroupBy(f => f.CheckId).ToDictionary(g => g.Key, g => g.ToList());

    [Fact]
    public void Snapshot_UsesClockAndFixedAccount()
    {
        var snapshot = DemoAccount.Snapshot(Clock);

        Assert.Equal(Clock.GetUtcNow(), snapshot.CollectedAt);
        Assert.Equal("111122223333", snapshot.AccountId);
        Assert.InRange(snapshot.Regions.Count, 4, 6);
    }

    [Theory]
    [InlineData("iam.root-access-keys", Status.Fail)]
    [InlineData("iam.root-mfa", Status.Pass)]
    [InlineData("iam.root-hardware-mfa", Status.Fail)]
    [InlineData("iam.password-policy", Status.Fail)]
    [InlineData("ce.anomaly-detection", Status.Unknown)]
    [InlineData("trustedadvisor.flagged-checks", Status.Manual)]
    [InlineData("cloudwatch.billing-alarm", Status.Fail)]
    [InlineData("cloudtrail.log-validation", Status.Fail)]
    [InlineData("organizations.scp-region-restriction", Status.Fail)]
    public void Snapshot_AccountLevelChecks_GiveTheStagedResult(string checkId, Status expected) =>
        Assert.Equal(expected, Assert.Single(ByCheck(DemoAccount.Snapshot(Clock))[checkId]).Status);

    [Fact]
    public void Snapshot_RegionalAndUserChecks_ShowTheStagedMistakes()
    {
        var findings = ByCheck(DemoAccount.Snapshot(Clock));

        Assert.Single(findings["guardduty.enabled"], f => f.Status == Status.Pass);
        Assert.All(findings["accessanalyzer.enabled"], f => Assert.Equal(Status.Fail, f.Status));
        Assert.Single(findings["cloudtrail.multi-region-logging"], f => f.Status == Status.Pass);
        Assert.All(findings["cloudtrail.insights"], f => Assert.Equal(Status.Fail, f.Status));
        Assert.Contains(findings["iam.user-console-mfa"], f => Is(f, "user/deploy", Status.Fail));
        Assert.Contains(findings["iam.single-active-key"], f => Is(f, "user/deploy", Status.Fail));
        Assert.Contains(findings["iam.unused-credentials"], f => Is(f, "user/dave", Status.Fail));
        Assert.Contains(findings["iam.individual-identities"], f => f.Resource.EndsWith("user/deploy"));
        Assert.Single(findings["ec2.instance-profile"], f => f.Status == Status.Fail);
        Assert.Single(findings["account.alternate-contacts"], f => f.Status == Status.Fail);
    }

    [Fact]
    public void Snapshot_DeniedCall_IsListedInFailures()
    {
        var failure = Assert.Single(DemoAccount.Snapshot(Clock).Failures);

        Assert.Equal("ce:GetAnomalyMonitors", failure.Action);
    }

    // TODO(checks): needs PolicyAnalysis (Policies area) for the admin and SCP checks to pass.
    [Fact]
    public void Snapshot_AdminPrincipals_AreFlagged()
    {
        var findings = ByCheck(DemoAccount.Snapshot(Clock));

        Assert.Contains(findings["iam.admin-privileges"], f => Is(f, "user/deploy", Status.Fail));
        Assert.Contains(findings["iam.admin-privileges"], f => Is(f, "user/alice", Status.Fail));
        Assert.Single(findings["iam.customer-policy-admin"], f => f.Status == Status.Fail);
    }

    // TODO(checks): needs PolicyAnalysis (Policies area) for the admin and SCP checks to pass.
    [Fact]
    public void Healthy_EveryCheck_Passes()
    {
        var result = AuditRunner.Run(DemoAccount.Healthy(Clock), AuditConfig.Default, Clock);

        Assert.All(result.Findings, f =>
            Assert.True(f.Status == Status.Pass, $"{f.CheckId} {f.Resource}: {f.Message}"));
        Assert.Null(result.Summary.HighestFailingSeverity);
    }

    private static bool Is(Finding finding, string resourceEnd, Status status) =>
        finding.Resource.EndsWith(resourceEnd, StringComparison.Ordinal) && finding.Status == status;
}
