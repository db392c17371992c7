using AwsHarden.Model;
using AwsHarden.Remediation;

namespace AwsHarden.Tests.Remediation;

/// <summary>Plans from a live collection of the misconfigured fake account and applies them through the AWS
/// executor, over real HTTP.</summary>
public class AwsStepExecutorTests
{
    // Checks whose every failing finding on the misconfigured account has an automatic fix under the harness
    // config. Not here: the SCP checks (SCPs never restrict the management account the new organization makes)
    // and checks with Manual steps.
    private static readonly string[] FixedChecks =
    [
        "iam.password-policy", "cloudtrail.multi-region-logging", "cloudtrail.log-validation", "cloudtrail.insights",
        "guardduty.enabled", "accessanalyzer.enabled", "account.alternate-contacts", "ce.anomaly-detection",
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

    [Fact]
    public async Task UpdateTrail_InHomeRegion_ReadBackShowsValidationOn()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var key = new ResourceKey(ResourceTypes.Trail, "legacy-trail", "us-east-1");
        var before = await harness.Executor.ReadStateAsync(key, CancellationToken.None);

        await harness.Executor.ExecuteAsync(UpdateTrail("us-east-1", "true"), CancellationToken.None);

        var after = await harness.Executor.ReadStateAsync(key, CancellationToken.None);
        Assert.Equal("false", before.Attributes["LogFileValidationEnabled"]);
        Assert.Equal("true", after.Attributes["LogFileValidationEnabled"]);
        Assert.Equal(Others(before), Others(after));
        Assert.Contains(harness.Server.Calls.Snapshot(), c => c.Operation == "UpdateTrail" && c.Region == "us-east-1");
    }

    [Fact]
    public async Task UpdateTrail_OutsideTheTrailsRegion_FailsNamingTheCall()
    {
        await using var harness = await FakeFixHarness.StartAsync();

        var error = await Assert.ThrowsAsync<StepFailedException>(() =>
            harness.Executor.ExecuteAsync(UpdateTrail("eu-west-1", "true"), CancellationToken.None));

        Assert.Contains("TrailNotFoundException on cloudtrail:UpdateTrail", error.Message);
        Assert.False(harness.Server.Account.Trails.Single(t => t.Name == "legacy-trail").LogFileValidationEnabled);
    }

    private static List<KeyValuePair<string, string>> Others(ResourceState state) =>
        [.. state.Attributes.Where(a => a.Key != "LogFileValidationEnabled")
            .OrderBy(a => a.Key, StringComparer.Ordinal)];

    private static ApiCall UpdateTrail(string region, string enable) => new()
    {
        Service = "cloudtrail",
        Operation = "UpdateTrail",
        Region = region,
        Parameters = new Dictionary<string, string> { ["Name"] = "legacy-trail", ["EnableLogFileValidation"] = enable },
    };
}
