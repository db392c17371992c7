using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>Plans from a live collection of the misconfigured fake account and applies them through the AWS
/// executor, over real HTTP.</summary>
public class AwsStepExecutorTests
{
    // Checks whose every failing finding on the misconfigured account has an automatic fix under the harness
    // config. Not here: cloudtrail.log-validation (the old single-region trail is left alone), the SCP checks
    // (SCPs never restrict the management account the new organization makes) and checks with Manual steps.
    private static readonly string[] FixedChecks =
    [
        "iam.password-policy", "cloudtrail.multi-region-logging", "cloudtrail.insights", "guardduty.enabled",
        "accessanalyzer.enabled", "account.alternate-contacts", "ce.anomaly-detection",
    ];

    [Fact]
    public async Task Apply_MisconfiguredAccount_FixedChecksPassAfterwards()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var (_, before) = await harness.AuditAsync();
        var plan = await harness.PlanAsync();

        var report = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(report.Completed, report.StopReason);
        harness.ExpireCredentialReport();
        var (_, after) = await harness.AuditAsync();
        foreach (var check in FixedChecks)
        {
            Assert.Contains(before, f => f.CheckId == check && f.Status == Status.Fail);
            var left = after.Where(f => f.CheckId == check && f.Status != Status.Pass).ToList();
            Assert.True(left.Count == 0, string.Join("\n", left.Select(f => $"{f.CheckId}: {f.Message}")));
        }

        Assert.DoesNotContain(after, f => f.CheckId == "iam.unused-credentials" && f.Message.Contains("access key"));
    }

    [Fact]
    public async Task Apply_Twice_SecondRunMakesNoWriteCall()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        Assert.True((await harness.ApplyAsync(plan, new MemoryJournal())).Completed);
        harness.Server.Calls.Clear();

        var second = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(second.Completed, second.StopReason);
        Assert.Equal(0, second.AppliedCount);
        Assert.Empty(harness.Writes());
        Assert.NotEmpty(harness.Server.Calls.Snapshot());
    }

    [Fact]
    public async Task Apply_ActionDenied_StopsAndSaysWhichActionToGrant()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var plan = await harness.PlanAsync();
        harness.Server.Faults.Deny("guardduty:UpdateDetector");

        var report = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.False(report.Completed);
        Assert.Equal(StepOutcome.Failed, report.Steps[^1].Outcome);
        Assert.Contains("grant guardduty:UpdateDetector", report.StopReason);
    }
}
