using System.Text.Json.Nodes;
using AwsHarden.Incident;
using AwsHarden.Remediation;
using AwsHarden.Tests.Remediation;
using Microsoft.Extensions.Time.Testing;
using static AwsHarden.Tests.Incident.TrailFixtures;

namespace AwsHarden.Tests.Incident;

/// <summary>The containment plan applied through the AWS executor on the fake account, then undone.</summary>
public class ContainAgainstFakeTests
{
    private static readonly FakeTimeProvider Clock = new(DateTimeOffset.Parse("2025-02-01T08:00:00Z"));

    [Fact]
    public async Task Apply_StoppedTrailAndUserSession_LoggingOnKeyOffUserDeniedThenUndoRestores()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var account = harness.Server.Account;
        string leaked;
        lock (account.Sync)
            leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
        var deploy = User("deploy", leaked);
        var events = LineageBuilderTests.Parse(
        [
            Event("2025-01-31T10:00:00Z", "cloudtrail", "StopLogging", deploy,
                new JsonObject { ["name"] = "legacy-trail" }, readOnly: false),
            Event("2025-01-31T10:01:00Z", "sts", "GetSessionToken", deploy, null, new JsonObject
            {
                ["credentials"] = new JsonObject { ["accessKeyId"] = "ASIADEPLOYSESSION001" },
            }),
        ]);
        lock (account.Sync)
            account.Trails.Single(t => t.Name == "legacy-trail").IsLogging = false;
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [leaked] }, events);
        var plan = new ContainmentPlanner(Clock).Plan(graph, events);
        var journal = new MemoryJournal();

        var applied = await harness.ApplyAsync(plan, journal);

        Assert.True(applied.Completed, applied.StopReason);
        lock (account.Sync)
        {
            Assert.True(account.Trails.Single(t => t.Name == "legacy-trail").IsLogging);
            var user = account.Iam.FindUser("deploy")!;
            Assert.Equal("Inactive", user.AccessKeys.Single(k => k.AccessKeyId == leaked).Status);
            Assert.Equal("2025-02-01T08:00:00Z",
                InlinePolicies.TokenIssueTime(user.InlinePolicies[ContainmentPlanner.RevokePolicyName]));
        }

        var undone = await harness.ApplyAsync(UndoPlanner.Undo(journal, Clock), new MemoryJournal());

        Assert.True(undone.Completed, undone.StopReason);
        lock (account.Sync)
        {
            Assert.False(account.Trails.Single(t => t.Name == "legacy-trail").IsLogging);
            var user = account.Iam.FindUser("deploy")!;
            Assert.Equal("Active", user.AccessKeys.Single(k => k.AccessKeyId == leaked).Status);
            Assert.DoesNotContain(ContainmentPlanner.RevokePolicyName, user.InlinePolicies.Keys);
        }
    }

    [Fact]
    public async Task Apply_DetectorDisabledByTheAttacker_EnabledThenUndoDisablesAgain()
    {
        await using var harness = await FakeFixHarness.StartAsync();
        var account = harness.Server.Account;
        string leaked;
        lock (account.Sync)
        {
            leaked = account.Iam.FindUser("deploy")!.AccessKeys[0].AccessKeyId;
            account.Detectors.RemoveAll(d => d.Region == "us-east-1");
            account.Detectors.Add(new AwsHarden.FakeAws.State.FakeDetector
            {
                Region = "us-east-1", DetectorId = "d1", Status = "DISABLED", CreatedAt = Clock.GetUtcNow(),
            });
        }
        var events = LineageBuilderTests.Parse(
        [
            Event("2025-01-31T10:00:00Z", "guardduty", "UpdateDetector", User("deploy", leaked),
                new JsonObject { ["detectorId"] = "d1", ["enable"] = false }, readOnly: false),
        ]);
        var graph = LineageBuilder.Build(new LineageSeeds { AccessKeyIds = [leaked] }, events);
        var plan = new ContainmentPlanner(Clock).Plan(graph, events);
        var journal = new MemoryJournal();

        var applied = await harness.ApplyAsync(plan, journal);
        var again = await harness.ApplyAsync(plan, new MemoryJournal());

        Assert.True(applied.Completed, applied.StopReason);
        Assert.Equal(StepOutcome.AlreadyDone, again.Steps.First(s => s.Title.Contains("GuardDuty")).Outcome);
        lock (account.Sync)
            Assert.Equal("ENABLED", account.Detectors.Single(d => d.DetectorId == "d1").Status);

        var undone = await harness.ApplyAsync(UndoPlanner.Undo(journal, Clock), new MemoryJournal());

        Assert.True(undone.Completed, undone.StopReason);
        lock (account.Sync)
            Assert.Equal("DISABLED", account.Detectors.Single(d => d.DetectorId == "d1").Status);
    }
}
